import path from 'node:path';
import type * as TypeScript from 'typescript';

/** The result of compiling a handler module and what it imports. */
export interface TscOutput {
  /** The compiled handler module. */
  entry: string;
  /** Maps a tsconfig `paths` alias to the compiled file it points at. */
  aliases: Record<string, string>;
}

/**
 * Compiles the handler module (and everything it imports) with tsc into
 * `outDir`. tsc, not esbuild, because only tsc emits `design:paramtypes`
 * decorator metadata. Type errors fail the build, as `tsc` would.
 * @example const { entry } = compileWithTsc('src/handler.ts', 'tsconfig.json', '/tmp/build');
 */
export function compileWithTsc(handlerModule: string, tsconfigPath: string, outDir: string): TscOutput {
  const ts = loadTypeScript(path.dirname(handlerModule));
  const rootDir = path.dirname(tsconfigPath);
  const host: TypeScript.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {
      outDir,
      rootDir,
      noEmit: false,
      declaration: false,
      declarationMap: false,
      composite: false,
      incremental: false,
      sourceMap: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      // ES modules keep `import()` dynamic, so esbuild can split what loads on first use into chunks/.
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    },
    host,
  );
  if (!parsed) throw new Error(`cannot read ${tsconfigPath}`);
  const program = ts.createProgram({ rootNames: [handlerModule], options: parsed.options });
  const result = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter(
    (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error,
  );
  if (errors.length > 0) {
    const formatted = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => '\n',
    });
    throw new Error(`tsc found ${errors.length} error(s):\n${formatted}`);
  }
  const compiled = (file: string): string => path.join(outDir, path.relative(rootDir, file)).replace(/\.[cm]?tsx?$/, '.js');
  return { entry: compiled(handlerModule), aliases: pathAliases(parsed.options, rootDir, compiled) };
}

/** Exact (non-wildcard) tsconfig `paths` entries, pointed at the compiled output. */
function pathAliases(options: TypeScript.CompilerOptions, rootDir: string, compiled: (file: string) => string): Record<string, string> {
  const aliases: Record<string, string> = {};
  const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath ?? rootDir;
  for (const [alias, targets] of Object.entries(options.paths ?? {})) {
    const [first] = targets;
    if (alias.includes('*') || first === undefined) continue;
    const target = path.resolve(base, first);
    aliases[alias] = /\.[cm]?tsx?$/.test(target) ? compiled(target) : target;
  }
  return aliases;
}

function loadTypeScript(fromDir: string): typeof TypeScript {
  try {
    return require(require.resolve('typescript', { paths: [fromDir, __dirname] })) as typeof TypeScript;
  } catch {
    throw new Error('building a TypeScript handler needs the "typescript" package: npm install --save-dev typescript');
  }
}
