import path from 'node:path';

/** npm's rules for a package name (lowercase, URL-safe, at most 214 characters, optionally scoped). */
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const MAX_NPM_NAME = 214;
/** Lambda's rule for a function name. */
const LAMBDA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The package name of a new project: `--name`, checked against npm's rules, or
 * the folder's name made into one (`My Integration` → `my-integration`).
 *
 * @throws Error naming the rule, for a `--name` npm would refuse or a folder name that cannot become one.
 * @example
 * ```ts
 * projectPackageName('/work/My Integration');            // 'my-integration'
 * projectPackageName('/work/x', '@acme/portal-access');  // '@acme/portal-access'
 * ```
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
 * The Lambda function name for a package name: its unscoped part, within
 * Lambda's rules (letters, digits, `-` and `_`, at most 64).
 *
 * @example
 * ```ts
 * functionNameOf('@acme/portal-access'); // 'portal-access'
 * functionNameOf('notes.v2');            // 'notes-v2'
 * ```
 */
export function functionNameOf(packageName: string): string {
  const unscoped = packageName.replace(/^@[^/]+\//, '');
  const name = unscoped.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 64).replace(/^-+|-+$/g, '');
  return LAMBDA_NAME.test(name) ? name : 'apono-integration';
}
