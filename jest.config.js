/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/example-app'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false, diagnostics: { warnOnly: false } }],
  },
  moduleNameMapper: {
    '^apono-lambda-kit$': '<rootDir>/src/index.ts',
    '^apono-lambda-kit/testing$': '<rootDir>/src/testing/index.ts',
    '^apono-lambda-kit/stores$': '<rootDir>/src/stores.ts',
  },
  setupFiles: ['reflect-metadata', '<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
};
