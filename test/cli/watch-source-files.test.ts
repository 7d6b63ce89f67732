import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchSourceFiles, type SourceWatcher } from '../../src/cli/watch/watch-source-files';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchSourceFiles: what serve --watch reloads on', () => {
  let dir: string;
  let watcher: SourceWatcher | undefined;
  let seen: string[];
  let bursts: string[][];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'watch-source-files-'));
    mkdirSync(path.join(dir, 'lib'));
    mkdirSync(path.join(dir, 'node_modules/dep'), { recursive: true });
    mkdirSync(path.join(dir, '.data'));
    mkdirSync(path.join(dir, 'data'));
    seen = [];
    bursts = [];
  });
  afterEach(() => {
    watcher?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () => {
    watcher = watchSourceFiles({
      dir,
      ignoreDirs: [path.join(dir, 'data')],
      debounceMs: 80,
      onChangeSeen: (file) => seen.push(file),
      onSettled: (files) => bursts.push(files),
    });
  };

  test('a burst of writes to several files is one settle, naming each file once, announced at its first change', async () => {
    // Prepare
    start();

    // Act
    for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, 'handler.ts'), `export const n = ${i};\n`);
    writeFileSync(path.join(dir, 'lib/client.ts'), 'export {};\n');
    await settle(300);

    // Assess
    expect(seen).toEqual([path.join(dir, 'handler.ts')]);
    expect(bursts).toEqual([[path.join(dir, 'handler.ts'), path.join(dir, 'lib/client.ts')]]);
  });

  test('ignores node_modules, build output, dot-folders, the ignored folders and files that are not code', async () => {
    // Prepare
    mkdirSync(path.join(dir, 'dist-lambda'));
    start();

    // Act
    writeFileSync(path.join(dir, 'node_modules/dep/index.js'), 'module.exports = 1;\n');
    writeFileSync(path.join(dir, '.data/table.json'), '{}');
    writeFileSync(path.join(dir, 'data/table.json'), '{}');
    writeFileSync(path.join(dir, 'handler.ts.swp'), 'x');
    writeFileSync(path.join(dir, 'answer.txt'), 'x');
    writeFileSync(path.join(dir, 'out.json'), '{"status":"ok"}');
    writeFileSync(path.join(dir, 'dist-lambda/index.mjs'), 'export {};\n');
    await settle(300);

    // Assess
    expect(bursts).toEqual([]);
  });

  test('watches a folder created after it started', async () => {
    // Prepare
    start();
    mkdirSync(path.join(dir, 'added'));
    await settle(300);
    bursts = [];

    // Act
    writeFileSync(path.join(dir, 'added/more.ts'), 'export {};\n');
    await settle(300);

    // Assess
    expect(bursts).toEqual([[path.join(dir, 'added/more.ts')]]);
  });

  test('reports nothing once closed', async () => {
    // Prepare
    start();
    watcher!.close();

    // Act
    writeFileSync(path.join(dir, 'handler.ts'), 'export {};\n');
    await settle(300);

    // Assess
    expect(bursts).toEqual([]);
  });
});
