import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GrantTableIamActions } from '../../src/grants/dynamodb';

const TEMPLATE = readFileSync(path.join(__dirname, '../template.yaml'), 'utf8');

/** The `Action` list of the IAM statement with this Sid (a YAML block list), parsed without a YAML library. */
function statementActions(sid: string): string[] {
  const statement = new RegExp(`- Sid: ${sid}\\n([\\s\\S]*?)(?=\\n\\s*- Sid:|\\n\\S|$)`).exec(TEMPLATE)?.[1];
  if (statement === undefined) throw new Error(`template.yaml has no statement with Sid ${sid}`);
  const list = /\n\s*Action:\s*\n((?:\s*- [\w:*]+\s*\n)+)/.exec(`\n${statement}\n`)?.[1] ?? '';
  return [...list.matchAll(/- ([\w:*]+)/g)].map((match) => match[1]!);
}

describe('template.yaml gives the function exactly the DynamoDB actions DynamoDbGrantStore sends at run time, and reconcile’s', () => {
  test('the GrantLedger statement allows exactly GrantTableIamActions.runtime, on the grants table only', () => {
    // Act
    const actions = statementActions('GrantLedger');

    // Assess
    expect([...actions].sort()).toEqual([...GrantTableIamActions.runtime].sort());
    expect(TEMPLATE).toMatch(/- Sid: GrantLedger\n[\s\S]*?Resource: !GetAtt GrantsTable\.Arn\n/);
  });

  test('the GrantLedgerReconcile statement allows exactly GrantTableIamActions.reconcile, on the grants table only, and only when ReconcileAllowed', () => {
    // Act
    const actions = statementActions('GrantLedgerReconcile');

    // Assess
    expect([...actions].sort()).toEqual([...GrantTableIamActions.reconcile].sort());
    expect(TEMPLATE).toMatch(/- !If\n\s*- ReconcileAllowed\n\s*- Sid: GrantLedgerReconcile\n[\s\S]*?Resource: !GetAtt GrantsTable\.Arn\n\s*- !Ref AWS::NoValue\n/);
  });

  test('no other statement grants a DynamoDB action (no DeleteItem; Scan only in the reconcile statement: the CLI lists with an operator’s credentials)', () => {
    // Act
    const everyDynamoDbAction = [...TEMPLATE.matchAll(/^\s*- (dynamodb:[\w*]+)\s*$/gm)].map((match) => match[1]);

    // Assess
    expect([...everyDynamoDbAction].sort()).toEqual([...GrantTableIamActions.runtime, ...GrantTableIamActions.reconcile].sort());
  });
});
