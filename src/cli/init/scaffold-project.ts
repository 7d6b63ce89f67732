import path from 'node:path';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { findUp } from '../handler/load-handler-module';

/** The dev tools a new project gets, at the ranges this package is tested with. See docs/local-loop.md#init. */
export const ScaffoldDevDependencies = {
  '@aws-sdk/client-dynamodb': '^3.1169.0',
  '@types/jest': '^30.0.0',
  '@types/node': '^20.19.43',
  dynalite: '^4.0.0',
  esbuild: '^0.28.2',
  jest: '^30.5.2',
  'ts-jest': '^29.4.15',
  tsx: '^4.23.15',
  typescript: '~5.9',
} as const;

/** Libraries the project imports besides the framework, at its ranges: one copy, one metadata registry. */
export const ScaffoldRuntimeDependencies = ['class-transformer', 'class-validator', 'reflect-metadata', 'tsyringe'] as const;

/** Template files (under `template/`) and where each goes in the new project. */
export const TemplateFiles = {
  'gitignore.tmpl': '.gitignore',
  'README.md.tmpl': 'README.md',
  'tsconfig.json.tmpl': 'tsconfig.json',
  'jest.config.js.tmpl': 'jest.config.js',
  'local.env.tmpl': 'local.env',
  'template.yaml.tmpl': 'template.yaml',
  'src/app-client.ts.tmpl': 'src/app-client.ts',
  'src/app-parameters.ts.tmpl': 'src/app-parameters.ts',
  'src/integration.ts.tmpl': 'src/integration.ts',
  'src/handler.ts.tmpl': 'src/handler.ts',
  'test/integration.test.ts.tmpl': 'test/integration.test.ts',
} as const;

/** The handler module a new project serves, tests and builds. */
export const SCAFFOLD_HANDLER_MODULE = 'src/handler.ts';
/** The env file `npm start` loads. */
export const SCAFFOLD_ENV_FILE = 'local.env';

/** npm's rules for a package name (lowercase, URL-safe, at most 214 characters, optionally scoped). */
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const MAX_NPM_NAME = 214;
/** Lambda's rule for a function name. */
const LAMBDA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The package name of a new project: `--name`, checked against npm's rules, or made from the folder's name.
 * @throws Error naming the rule, for a `--name` npm would refuse or a folder name that cannot become one.
 * @example
 * projectPackageName('/work/My Integration');           // 'my-integration'
 * projectPackageName('/work/x', '@acme/portal-access'); // '@acme/portal-access'
 */
export function projectPackageName(dir: string, name?: string): string {
  if (name !== undefined) {
    if (!NPM_NAME.test(name) || name.length > MAX_NPM_NAME) {
      throw new Error(`--name "${name}" is not a valid npm package name (lowercase letters, digits, "-", "_", ".", "~"; optionally @scope/)`);
    }
    return name;
  }
  const derived = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._~-]+|-+$/g, '')
    .slice(0, MAX_NPM_NAME);
  if (!NPM_NAME.test(derived)) throw new Error(`cannot make a package name of the folder name "${path.basename(dir)}"; pass --name`);
  return derived;
}

/**
 * The Lambda function name for a package name: its unscoped part, within Lambda's rules.
 * @example
 * functionNameOf('@acme/portal-access'); // 'portal-access'
 * functionNameOf('notes.v2');            // 'notes-v2'
 */
export function functionNameOf(packageName: string): string {
  const unscoped = packageName.replace(/^@[^/]+\//, '');
  const name = unscoped.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 64).replace(/^-+|-+$/g, '');
  return LAMBDA_NAME.test(name) ? name : 'apono-integration';
}

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

interface KitManifest {
  name: string;
  version: string;
  dependencies: Record<string, string>;
}

/**
 * Writes a ready project (`apono-lambda init`) from the templates under `src/cli/init/template/`.
 * @throws Error when the folder exists and is not empty, or the name is not a valid npm name.
 * @example const { files } = scaffoldProject({ dir: 'my-integration' });
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

/** The new project's package.json; a tarball installed over it replaces the framework's range. */
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
