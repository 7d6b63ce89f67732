#!/usr/bin/env node
/**
 * `npm run build`, after tsc: bundles the local console's browser app into
 * dist/console/static (main.js, console.css), which `serve` answers at
 * /console/app.js and /console/app.css. tsc leaves the app out (its own
 * tsconfig checks it).
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { bundleConsoleApp } = require(path.join(root, 'dist/console/console-assets.js'));

async function main() {
  const { script, styles } = await bundleConsoleApp(path.join(root, 'src/console/app'));
  if (script === '' || styles === '') throw new Error('the console bundle came out empty');
  const outDir = path.join(root, 'dist/console/static');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'main.js'), script);
  writeFileSync(path.join(outDir, 'console.css'), styles);
  process.stderr.write(`console app: dist/console/static/main.js ${Buffer.byteLength(script)} B, console.css ${Buffer.byteLength(styles)} B\n`);
}

main().catch((err) => {
  process.stderr.write(`build-console: ${err.message}\n`);
  process.exit(1);
});
