// Builds the bench handlers with the package's own `apono-lambda build` (tsc, then esbuild),
// in a scratch project whose node_modules holds this package and this checkout's dev
// dependencies (the Powertools peer's packages), so imports resolve as a user's do.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { packageDir } = require('./package-dir');

const root = path.resolve(__dirname, '../..');
const { buildHandler } = require(path.join(packageDir, 'dist/cli/build/build-handler'));

/** A scratch project: the bench fixtures (and the test fixtures they import), a tsconfig, the packages. */
function makeWorkDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apono-bench-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(packageDir, path.join(dir, 'node_modules', 'apono-lambda-kit'), 'dir');
  for (const name of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (name === 'apono-lambda-kit' || name.startsWith('.')) continue;
    fs.symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  }
  for (const sub of ['test/fixtures', 'test/bench/fixtures']) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    for (const file of fs.readdirSync(path.join(root, sub)).filter((f) => f.endsWith('.ts'))) {
      fs.copyFileSync(path.join(root, sub, file), path.join(dir, sub, file));
    }
  }
  const compilerOptions = { target: 'ES2022', strict: true, experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, esModuleInterop: true };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
  return dir;
}

/** Builds one fixture; returns the entry file, its size and the size of what loads on first use. */
async function bundle(workDir, fixture, name, exportName = 'handler') {
  const outDir = path.join(workDir, 'out', name);
  const result = await buildHandler({ handlerModule: path.join(workDir, 'test/bench/fixtures', fixture), outDir, exportName });
  return { file: result.bundleFile, bytes: result.bundleBytes, chunkBytes: result.chunkBytes };
}

module.exports = { makeWorkDir, bundle };
