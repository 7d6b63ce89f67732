import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The browser app: its script and its styles, served from the package. */
export interface ConsoleAssets {
  script: string;
  styles: string;
}

/** Where `npm run build` writes the app; `__dirname` works because the console is CommonJS only. */
const BUILT_DIR = path.join(__dirname, 'static');
/** The app's source: beside this module in `src/`, or in the package's shipped `src/` from `dist/`. */
const SOURCE_DIRS = [path.join(__dirname, 'app'), path.join(__dirname, '../../src/console/app')];

let loaded: Promise<ConsoleAssets> | undefined;

/**
 * The app's script and styles: the built bundle, or from source one made now in memory. Never fetched.
 * @example const { script, styles } = await loadConsoleAssets();
 */
export function loadConsoleAssets(): Promise<ConsoleAssets> {
  loaded ??= readAssets().catch((err: unknown) => {
    loaded = undefined;
    throw err;
  });
  return loaded;
}

async function readAssets(): Promise<ConsoleAssets> {
  const script = path.join(BUILT_DIR, 'main.js');
  const styles = path.join(BUILT_DIR, 'console.css');
  if (existsSync(script) && existsSync(styles)) return { script: readFileSync(script, 'utf8'), styles: readFileSync(styles, 'utf8') };
  const sourceDir = SOURCE_DIRS.find((dir) => existsSync(path.join(dir, 'main.ts')));
  if (sourceDir === undefined) throw new Error('the console app is missing from this install (no dist/console/static, no src/console/app)');
  return bundleConsoleApp(sourceDir);
}

/**
 * Bundles the browser app (`main.ts`, `console.css`) with esbuild, in memory. See docs/local-loop.md#console-assets.
 * @example const { script, styles } = await bundleConsoleApp('src/console/app');
 */
export async function bundleConsoleApp(sourceDir: string): Promise<ConsoleAssets> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('running the console from source needs the "esbuild" package (npm install --save-dev esbuild), or a built package');
  }
  const result = await esbuild.build({
    entryPoints: [path.join(sourceDir, 'main.ts'), path.join(sourceDir, 'console.css')],
    bundle: true,
    minify: true,
    write: false,
    // Nothing is written (write: false); esbuild names the two outputs under it.
    outdir: path.join(sourceDir, 'static'),
    target: 'es2022',
    format: 'iife',
    logLevel: 'silent',
  });
  const output = (ext: string): string => result.outputFiles.find((file) => file.path.endsWith(ext))?.text ?? '';
  return { script: output('.js'), styles: output('.css') };
}

/**
 * The page: a shell the script fills in, with no inline script or style (the CSP forbids them).
 * @example res.end(consolePage('apono-integration'));
 */
export function consolePage(functionName: string): string {
  const name = escapeHtml(functionName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} · apono-lambda console</title>
<link rel="stylesheet" href="/console/app.css">
<script src="/console/app.js" defer></script>
</head>
<body>
<noscript>The console needs JavaScript.</noscript>
<div id="app" data-function-name="${name}"></div>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
