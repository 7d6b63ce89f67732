import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE_ENTRY_FILE, bundleWithEsbuild } from '../../src/cli/build/bundle-with-esbuild';
import { loadHandler } from '../../src/cli/handler/load-handler-module';
import { runNode } from '../support/cli-process';

/** What `apono-lambda build` bundles must find the handler `serve` and `invoke` find, with the project's own esbuild. */

describe('the bundle entry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bundle-entry-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a handler exported only under the default export is found by the bundle, as serve finds it', async () => {
    // Prepare: what tsc compiles `export default { handler }` to
    const module = path.join(dir, 'handler.js');
    writeFileSync(module, 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.default = { handler: async () => ({ status: "active" }) };\n');
    const outDir = path.join(dir, 'out');

    // Act
    await bundleWithEsbuild({ entry: module, exportName: 'handler', outDir, sourcemap: false, aliases: {}, projectDir: dir });
    const bundled = await runNode(['--input-type=module', '-e', `const { handler } = await import(${JSON.stringify(path.join(outDir, BUNDLE_ENTRY_FILE))}); process.stdout.write(JSON.stringify(await handler()));`]);
    const served = await loadHandler(module);

    // Assess
    expect(await served({}, {} as never)).toEqual({ status: 'active' });
    expect(bundled.stderr).toBe('');
    expect(JSON.parse(bundled.stdout)).toEqual({ status: 'active' });
  });

  test("the project's own esbuild bundles, whatever the working directory", async () => {
    // Prepare: a stand-in esbuild in the project's node_modules that says it ran
    const esbuildDir = path.join(dir, 'node_modules', 'esbuild');
    mkdirSync(esbuildDir, { recursive: true });
    writeFileSync(path.join(esbuildDir, 'package.json'), JSON.stringify({ name: 'esbuild', version: '0.0.0-project', main: 'index.js' }));
    writeFileSync(path.join(esbuildDir, 'index.js'), 'exports.build = async () => { throw new Error("the project esbuild ran"); };\n');
    const compiledElsewhere = mkdtempSync(path.join(tmpdir(), 'bundle-entry-compiled-'));
    const entry = path.join(compiledElsewhere, 'handler.js');
    writeFileSync(entry, 'exports.handler = async () => ({});\n');

    // Act
    const bundling = bundleWithEsbuild({ entry, exportName: 'handler', outDir: path.join(dir, 'out'), sourcemap: false, aliases: {}, projectDir: dir });

    // Assess
    try {
      await expect(bundling).rejects.toThrow('the project esbuild ran');
    } finally {
      rmSync(compiledElsewhere, { recursive: true, force: true });
    }
  });
});
