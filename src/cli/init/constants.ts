/**
 * The development tools a new project gets, at the ranges this package is
 * built and tested with (test/cli/init-command.test.ts holds them to the
 * repository's own devDependencies): the test runner (jest + ts-jest), TypeScript
 * (5.9: 6 and 7 change module resolution), tsx (serve and invoke run .ts without a
 * build), esbuild (apono-lambda build), dynalite (the local DynamoDB) and the
 * DynamoDB client `DynamoDbGrantStore` talks to.
 */
export const ScaffoldDevDependencies = {
  '@aws-sdk/client-dynamodb': '^3.1169.0',
  '@types/jest': '^30.0.0',
  '@types/node': '^20.19.43',
  dynalite: '^4.0.0',
  esbuild: '^0.28.2',
  jest: '^30.5.2',
  'ts-jest': '^29.4.15',
  tsx: '^4.23.15',
  typescript: '~5.9',
} as const;

/**
 * The libraries a project's own code imports besides the framework (decorators,
 * validation rules, reflect-metadata for the tests), at the framework's own ranges
 * so npm installs one copy of each: two copies of class-validator or tsyringe would
 * keep two metadata registries.
 */
export const ScaffoldRuntimeDependencies = ['class-transformer', 'class-validator', 'reflect-metadata', 'tsyringe'] as const;

/** Template files (under `template/`) and where each goes in the new project. */
export const TemplateFiles = {
  'gitignore.tmpl': '.gitignore',
  'README.md.tmpl': 'README.md',
  'tsconfig.json.tmpl': 'tsconfig.json',
  'jest.config.js.tmpl': 'jest.config.js',
  'local.env.tmpl': 'local.env',
  'template.yaml.tmpl': 'template.yaml',
  'src/app-client.ts.tmpl': 'src/app-client.ts',
  'src/app-parameters.ts.tmpl': 'src/app-parameters.ts',
  'src/integration.ts.tmpl': 'src/integration.ts',
  'src/handler.ts.tmpl': 'src/handler.ts',
  'test/integration.test.ts.tmpl': 'test/integration.test.ts',
} as const;

/** The handler module a new project serves, tests and builds. */
export const SCAFFOLD_HANDLER_MODULE = 'src/handler.ts';
/** The env file `npm start` loads. */
export const SCAFFOLD_ENV_FILE = 'local.env';
