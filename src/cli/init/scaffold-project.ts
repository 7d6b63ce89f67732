import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findUp } from '../handler/load-handler-module';
import { SCAFFOLD_ENV_FILE, SCAFFOLD_HANDLER_MODULE, ScaffoldDevDependencies, ScaffoldRuntimeDependencies, TemplateFiles } from './constants';
import { functionNameOf, projectPackageName } from './project-name';

/** What {@link scaffoldProject} creates. */
export interface ScaffoldOptions {
  /** The new project's folder: created if missing, refused unless empty. */
  dir: string;
  /** The package name; default: made from the folder's name. */
  name?: string;
}

/** What {@link scaffoldProject} wrote. */
export interface ScaffoldResult {
  dir: string;
  name: string;
  functionName: string;
  /** The files written, relative to `dir`, in order. */
  files: string[];
}

/** What the package's own manifest tells a new project: its version and its runtime libraries' ranges. */
interface KitManifest {
  name: string;
  version: string;
  dependencies: Record<string, string>;
}

/**
 * Writes a ready project (`apono-lambda init`): package.json, tsconfig.json,
 * jest.config.js, an integration with every capability stubbed over an in-memory
 * client, its handler, a harness test that passes, a SAM template with
 * least-privilege IAM, local.env, .gitignore and a README. The templates are the
 * files under `src/cli/init/template/` of this package (shipped with it).
 *
 * @throws Error when the folder exists and is not empty, or the name is not a valid npm name.
 * @example
 * ```ts
 * const { files } = scaffoldProject({ dir: 'my-integration' });
 * ```
 */
export function scaffoldProject(options: ScaffoldOptions): ScaffoldResult {
  const dir = path.resolve(options.dir);
  const name = projectPackageName(dir, options.name);
  const functionName = functionNameOf(name);
  refuseUnlessEmpty(dir);
  const kitRoot = findKitRoot();
  const kit = JSON.parse(readFileSync(path.join(kitRoot, 'package.json'), 'utf8')) as KitManifest;
  const contents = new Map<string, string>([['package.json', packageManifest(name, functionName, kit)]]);
  const templateDir = path.join(kitRoot, 'src', 'cli', 'init', 'template');
  for (const [template, target] of Object.entries(TemplateFiles)) {
    contents.set(target, fillIn(readFileSync(path.join(templateDir, template), 'utf8'), { name, functionName }, template));
  }
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of contents) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    // `wx`: never overwrite, even a file that appeared since the check.
    writeFileSync(path.join(dir, file), content, { flag: 'wx' });
  }
  return { dir, name, functionName, files: [...contents.keys()] };
}

/**
 * The new project's package.json: the framework at this package's version (a
 * tarball installed over it, `npm install ./apono-lambda-kit-x.y.z.tgz`, replaces
 * the range), its runtime libraries at the framework's ranges, and the tools.
 */
function packageManifest(name: string, functionName: string, kit: KitManifest): string {
  const dependencies: Record<string, string> = { [kit.name]: `^${kit.version}` };
  for (const library of ScaffoldRuntimeDependencies) {
    const range = kit.dependencies[library];
    if (range === undefined) throw new Error(`${kit.name}'s package.json does not list ${library}`);
    dependencies[library] = range;
  }
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    description: 'An Apono AWS Lambda Custom Integration, written with apono-lambda-kit',
    // util.parseEnv, which `serve --env-file` reads local.env with, came in Node 20.12.
    engines: { node: '>=20.12' },
    scripts: {
      test: 'jest',
      start: `apono-lambda serve ${SCAFFOLD_HANDLER_MODULE} --watch --env-file ${SCAFFOLD_ENV_FILE} --function-name ${functionName}`,
      build: `apono-lambda build ${SCAFFOLD_HANDLER_MODULE}`,
      typecheck: 'tsc --noEmit',
    },
    dependencies,
    devDependencies: { ...ScaffoldDevDependencies },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function refuseUnlessEmpty(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
    throw new Error(`${dir} is not empty (${shown}): init writes a new project into a new or empty folder only`);
  }
}

/** `{{key}}` → value; a placeholder left over is a broken template, not a project to write. */
function fillIn(template: string, values: Readonly<Record<string, string>>, templateName: string): string {
  const filled = template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
  const left = /\{\{\w+\}\}/.exec(filled);
  if (left) throw new Error(`template ${templateName} has an unknown placeholder ${left[0]}`);
  return filled;
}

/** This package's root folder (from `src/cli/init` or `dist/cli/init` alike). */
function findKitRoot(): string {
  let from = __dirname;
  for (;;) {
    const manifest = findUp('package.json', from);
    if (manifest === undefined) break;
    if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'apono-lambda-kit') return path.dirname(manifest);
    const parent = path.dirname(path.dirname(manifest));
    if (parent === from) break;
    from = parent;
  }
  throw new Error(`cannot find the apono-lambda-kit package.json above ${__dirname}`);
}
