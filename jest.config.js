/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/example-app'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig.jest.json sets isolatedModules): types are checked once,
  // by `npm run typecheck` over src, test and example-app, rather than file by file
  // inside ts-jest, which was most of the suite's time.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^apono-lambda-kit$': '<rootDir>/src/index.ts',
    '^apono-lambda-kit/testing$': '<rootDir>/src/testing/index.ts',
    '^apono-lambda-kit/stores$': '<rootDir>/src/stores.ts',
  },
  setupFiles: ['reflect-metadata', '<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
};
