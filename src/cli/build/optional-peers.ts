import type * as Esbuild from 'esbuild';

/**
 * Optional peer dependencies that the framework's runtime code imports (lazily,
 * with `import()`): a handler that never uses what needs them must build
 * without them installed.
 */
export const OPTIONAL_RUNTIME_PEERS = ['@aws-sdk/client-dynamodb'] as const;

/** What needs each optional peer, for the warning. */
const USED_BY: Readonly<Record<string, string>> = { '@aws-sdk/client-dynamodb': 'DynamoDbGrantStore' };

/** Marks the plugin's own look-up, so that it does not answer itself. */
const RESOLVING = Symbol('optional-peer-resolving');

/**
 * An esbuild plugin that bundles an optional peer when it resolves, and
 * otherwise leaves it external (recording its name in `leftOut`) instead of
 * failing the build: the import sits behind an `import()` in code that
 * tree-shaking drops when the handler does not use it, so it is never reached.
 *
 * @example
 * ```ts
 * const leftOut = new Set<string>();
 * await esbuild.build({ ...options, plugins: [optionalPeersPlugin(leftOut)] });
 * ```
 */
export function optionalPeersPlugin(leftOut: Set<string>): Esbuild.Plugin {
  const filter = new RegExp(`^(${OPTIONAL_RUNTIME_PEERS.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'optional-runtime-peers',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: RESOLVING,
        });
        if (resolved.errors.length === 0) {
          const { path, external, namespace, sideEffects, suffix, pluginData } = resolved;
          return { path, external, namespace, sideEffects, suffix, pluginData };
        }
        leftOut.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * The peers of `leftOut` that the built code still imports (tree-shaking kept
 * the code that loads them), read from the outputs that ship.
 *
 * @example
 * ```ts
 * importedAtRunTime(metafile, leftOut); // ['@aws-sdk/client-dynamodb'] when the handler uses DynamoDbGrantStore
 * ```
 */
export function importedAtRunTime(metafile: Esbuild.Metafile, leftOut: ReadonlySet<string>): string[] {
  const imported = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const entry of output.imports) if (entry.external && leftOut.has(entry.path)) imported.add(entry.path);
  }
  return [...imported];
}

/**
 * The build warning for a peer left out of the bundle: whether that is harmless
 * (nothing uses it) or the bundle will look for it at run time.
 *
 * @example
 * ```ts
 * leftOutWarning('@aws-sdk/client-dynamodb', false);
 * ```
 */
export function leftOutWarning(name: string, imported: boolean): string {
  const user = USED_BY[name] ?? name;
  const left = `${name} is not installed, so it is left out of the bundle`;
  if (!imported) return `${left}; the handler does not use it (no ${user}), so nothing is missing. Install it (npm install ${name}) before using ${user}.`;
  return (
    `${left}, but the handler uses ${user}: the bundle imports ${name} when the store is first used, from wherever ` +
    `Node finds it then (Lambda's Node.js runtimes carry an AWS SDK of their own version), at a slower cold start. ` +
    `Install it (npm install ${name}) to bundle it.`
  );
}
