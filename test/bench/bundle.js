// Bundles the bench handlers the way `apono-lambda build` does (esbuild, minified, the
// package resolved through its own package.json as a user's node_modules would).
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

/** A temp dir whose node_modules holds this package, so imports resolve like a user's. */
function makeWorkDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apono-bench-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'apono-lambda-kit'), 'dir');
  return dir;
}

/** Bundles one entry; returns the output path and its size in bytes. */
function bundle(workDir, entry, name) {
  const outfile = path.join(workDir, `${name}.js`);
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'fixtures', entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    mainFields: ['module', 'main'],
    nodePaths: [path.join(workDir, 'node_modules'), path.join(root, 'node_modules')],
    // No tsconfig paths: the package is taken from its build, as users get it.
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
    outfile,
    logLevel: 'warning',
  });
  return { file: outfile, bytes: fs.statSync(outfile).size };
}

module.exports = { makeWorkDir, bundle };
