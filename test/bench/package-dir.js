// The built package the bench measures: this checkout's (after `npm run build`), or another
// built copy named by BENCH_PACKAGE_DIR (to measure a commit while the tree is being edited).
const path = require('node:path');

const packageDir = path.resolve(process.env.BENCH_PACKAGE_DIR ?? path.join(__dirname, '../..'));
const dist = path.join(packageDir, 'dist');

module.exports = { packageDir, dist };
