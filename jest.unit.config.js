/**
 * The fast loop (`npm run test:unit`): everything but the tests that spawn
 * processes, pack the package, synthesize stacks or drive a browser. `npm test`
 * (and CI) still runs all of it.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Both cores: jest's default leaves one free (one worker on a 2-core machine), which doubled the loop.
  maxWorkers: '100%',
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cli/', '<rootDir>/test/e2e/', '<rootDir>/test/cdk/', '<rootDir>/test/deploy/', 'end-to-end', 'local-stack'],
};
