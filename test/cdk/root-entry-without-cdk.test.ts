import { readFileSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../support/files-under';

const SRC = path.join(__dirname, '../../src');
const CDK = path.join(SRC, 'cdk');

/** The module specifiers a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}

describe('the package’s root entry never loads aws-cdk-lib (cold start): only apono-lambda-kit/cdk does', () => {
  test('no file outside src/cdk imports aws-cdk-lib, constructs or src/cdk', () => {
    // Act
    const offending = filesUnder(SRC, ['.ts'])
      .filter((file) => !file.startsWith(`${CDK}${path.sep}`))
      .flatMap((file) => importsOf(file)
        .filter((specifier) => /^(aws-cdk-lib|constructs)(\/|$)/.test(specifier)
          || (specifier.startsWith('.') && path.resolve(path.dirname(file), specifier).startsWith(CDK)))
        .map((specifier) => `${path.relative(SRC, file)} imports ${specifier}`));

    // Assess
    expect(offending).toEqual([]);
  });

  test('src/cdk takes from the rest of the framework only the grants table schema and the event types (not the runtime, nor reflect-metadata)', () => {
    // Act
    const reached = filesUnder(CDK, ['.ts']).flatMap((file) => importsOf(file)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.relative(SRC, path.resolve(path.dirname(file), specifier)))
      .filter((target) => !target.startsWith(`cdk${path.sep}`)));

    // Assess
    expect([...new Set(reached)].sort()).toEqual([path.join('grants', 'dynamodb', 'grant-table'), path.join('protocol', 'constants')]);
  });

  test('package.json exports ./cdk like ./testing, and lists aws-cdk-lib and constructs as optional peers only', () => {
    // Prepare
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));

    // Assess
    expect(pkg.exports['./cdk']).toEqual({ types: './dist/cdk/index.d.ts', module: './dist/esm/cdk/index.js', default: './dist/cdk/index.js' });
    expect(pkg.typesVersions['*'].cdk).toEqual(['dist/cdk/index.d.ts']);
    for (const name of ['aws-cdk-lib', 'constructs']) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.peerDependencies[name]).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
  });
});
