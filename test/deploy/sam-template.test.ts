import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AponoBuildOutput, AponoConnectorAccessTag, AponoFunctionDefaults } from '../../src/cdk/deploy-facts';
import { GrantTableAttributeDefinitions, GrantTableKeySchema, GrantTableSchema } from '../../src/grants/dynamodb/grant-table';

// The SAM template, parsed as its own tests parse it (example-app/test/template-*.test.ts: plain
// text, no YAML library). Its IAM actions are already checked against GrantTableIamActions by
// example-app/test/template-grant-ledger-policy.test.ts; this file checks the rest of what the CDK
// construct and the Terraform module are checked for, against the same constants.
const TEMPLATE = readFileSync(path.join(__dirname, '../../example-app/template.yaml'), 'utf8');

/** The block of a top-level resource (two spaces of indent under Resources). */
function resource(name: string): string {
  const found = new RegExp(`\\n {2}${name}:\\n([\\s\\S]*?)(?=\\n {2}\\S|\\n\\S|$)`).exec(TEMPLATE)?.[1];
  if (found === undefined) throw new Error(`template.yaml has no resource ${name}`);
  return found;
}

/** The lines nested under `key:` in a block (deeper indent than the key). */
function nestedLines(block: string, key: string): string[] {
  const lines = block.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s*${key}:\\s*$`).test(line));
  if (start < 0) throw new Error(`no ${key}: block`);
  const indent = /^\s*/.exec(lines[start]!)?.[0].length ?? 0;
  const nested: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || (/^\s*/.exec(line)?.[0].length ?? 0) <= indent) break;
    nested.push(line);
  }
  return nested;
}

/** A scalar, unquoted. */
function scalar(text: string): string {
  return text.trim().replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
}

/** `key: value` lines as a map. */
function mapOf(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.map((line) => /^\s*(?:- )?([\w-]+):\s*(.+)$/.exec(line)).filter((match) => match !== null).map((match) => [match[1], scalar(match[2]!)]));
}

/** A block list of maps (`- A: x` / `  B: y`) under `key:`. */
function listOfMaps(block: string, key: string): Array<Record<string, string>> {
  const items: string[][] = [];
  for (const line of nestedLines(block, key)) {
    if (/^\s*- /.test(line)) items.push([line]);
    else items[items.length - 1]?.push(line);
  }
  return items.map(mapOf);
}

describe('example-app/template.yaml (SAM) against the constants the CDK construct and the Terraform module are checked against', () => {
  test('the function carries the tag Apono’s connector requires', () => {
    // Assess
    expect(mapOf(nestedLines(resource('PortalIntegrationFunction'), 'Tags'))).toEqual({ [AponoConnectorAccessTag.key]: AponoConnectorAccessTag.value });
  });

  test('the function runs the apono-lambda build output with index.handler and names its table in GRANTS_TABLE', () => {
    // Prepare
    const fn = resource('PortalIntegrationFunction');

    // Assess
    expect(fn).toMatch(new RegExp(`\\n\\s*Handler: ${AponoBuildOutput.handler.replace('.', '\\.')}\\n`));
    expect(mapOf(nestedLines(fn, 'Variables'))[AponoFunctionDefaults.grantsTableEnv]).toBe('!Ref GrantsTable');
  });

  test('the table has GrantTableSchema’s key schema, attribute definitions and billing', () => {
    // Prepare
    const table = resource('GrantsTable');

    // Assess
    expect(listOfMaps(table, 'KeySchema')).toEqual(GrantTableKeySchema.map((key) => ({ ...key })));
    expect(listOfMaps(table, 'AttributeDefinitions')).toEqual(GrantTableAttributeDefinitions.map((definition) => ({ ...definition })));
    expect(table).toMatch(new RegExp(`\\n\\s*BillingMode: ${GrantTableSchema.billingMode}\\n`));
  });

  test('the table has TTL on GrantTableSchema.ttlAttribute and point-in-time recovery, and is retained', () => {
    // Prepare
    const table = resource('GrantsTable');

    // Assess
    expect(mapOf(nestedLines(table, 'TimeToLiveSpecification'))).toEqual({ AttributeName: GrantTableSchema.ttlAttribute, Enabled: 'true' });
    expect(mapOf(nestedLines(table, 'PointInTimeRecoverySpecification'))).toEqual({ PointInTimeRecoveryEnabled: 'true' });
    expect(table).toMatch(/^\s*Type: AWS::DynamoDB::Table\n\s*DeletionPolicy: Retain\n\s*UpdateReplacePolicy: Retain\n/);
  });

  test('the table has DeletionProtectionEnabled: true, like the CDK construct and the Terraform module', () => {
    // Prepare
    const table = resource('GrantsTable');

    // Assess
    expect(table).toMatch(/\n\s*DeletionProtectionEnabled: true\n/);
  });
});
