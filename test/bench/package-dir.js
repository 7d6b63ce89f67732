// The built package the bench measures: this checkout's (after `npm run build`), or another
// built copy named by BENCH_PACKAGE_DIR (to measure a commit while the tree is being edited).
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.resolve(process.env.BENCH_PACKAGE_DIR ?? path.join(__dirname, '../..'));
const dist = path.join(packageDir, 'dist');

// The built copy's own requires (tsyringe, dynalite, …) resolve from its folder, so a bare
// `git worktree` fails deep inside a child process; say what it needs instead.
for (const needed of [dist, path.join(packageDir, 'node_modules')]) {
  if (!fs.existsSync(needed)) {
    throw new Error(
      `BENCH_PACKAGE_DIR=${packageDir} has no ${path.basename(needed)}/: build it (npm run build) with its dependencies ` +
        `installed there (npm ci, or ln -s ${path.join(__dirname, '../../node_modules')} ${path.join(packageDir, 'node_modules')})`,
    );
  }
}

module.exports = { packageDir, dist };
