/**
 * The package's public surface is a decision, not an accident: the root exports
 * what an integration author uses, `apono-lambda-kit/stores` what a store author
 * uses. Adding a name means adding it here (and to the README).
 */
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..');

/** Every name (value or type) a module exports, as a TypeScript user sees it. */
function exportedNames(entry: string): string[] {
  const file = path.join(ROOT, entry);
  const program = ts.createProgram([file], { experimentalDecorators: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Node10, noEmit: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(module).map((symbol) => symbol.name).sort();
}

const ROOT_EXPORTS = [
  // The class and its capabilities
  'Integration', 'ResourceTypesOf',
  'ListResources', 'Grant', 'Revoke', 'CreateCredentials', 'ResetCredentials', 'DeleteCredentials', 'GetStatus', 'ListResourceTags', 'ListAccess',
  // The handler
  'bootstrap', 'Tokens', 'AponoHandler', 'BootstrapOptions', 'Provider', 'Invocation', 'LambdaContext', 'ReconcileOptions',
  // What methods receive and return
  'ListResourcesRequest', 'GrantRequest', 'RevokeRequest', 'CredentialsRequest', 'StatusRequest', 'ListAccessRequest', 'AccessEntry',
  'ListResourcesResult', 'GrantResult', 'CredentialsResult', 'GrantRecord',
  // Errors
  'IntegrationError', 'InvalidEventError', 'UnsupportedEventError', 'isIntegrationError', 'HttpError',
  // Stores
  'MemoryGrantStore', 'DynamoDbGrantStore', 'GrantTable',
  // Logging
  'Logger',
  // tsyringe
  'inject', 'injectable', 'Lifecycle',
].sort();

const STORES_EXPORTS = [
  'GrantStore', 'GrantPutExpectation', 'GrantRevokeLock', 'GrantWriteResult', 'GrantListOptions', 'GrantPage', 'GrantPageOptions',
  'CredentialStore', 'CredentialWrite', 'CredentialWriteResult', 'CredentialLockResult', 'CredentialRelease', 'CredentialRecordFields', 'CredentialListOptions',
  'GrantLock', 'GrantStatus', 'GrantIntent', 'GrantRecord', 'GrantTransition',
  'CredentialStatus', 'CredentialAction', 'CredentialKey', 'CredentialRecord', 'CredentialTransition',
  'RecordLimits', 'GrantStoreUnavailableError', 'createGrantTable', 'CreateGrantTableOptions', 'DynamoDbGrantStoreOptions',
].sort();

describe('the public API', () => {
  test('the package root exports exactly the documented names', () => {
    // Act
    const names = exportedNames('src/index.ts');

    // Assess
    expect(names).toEqual(ROOT_EXPORTS);
  });

  test('apono-lambda-kit/stores exports exactly the store seam', () => {
    // Act
    const names = exportedNames('src/stores.ts');

    // Assess
    expect(names).toEqual(STORES_EXPORTS);
  });

  test('package.json publishes the stores subpath beside the root, testing and cdk', () => {
    // Act
    const { exports } = require('../package.json') as { exports: Record<string, unknown> };

    // Assess
    expect(Object.keys(exports).sort()).toEqual(['.', './cdk', './package.json', './stores', './testing']);
  });
});
