import type { CredentialWrite, GrantLock, GrantPutExpectation, GrantRevokeLock } from '../grant-store';
import type { GrantTransition } from '../records';
import { GrantTableSchema } from './grant-table';
import { type JsonAttributeValue, toAttributeValue } from './record-items';

/** The expression fields of an UpdateItem request. */
export interface UpdateExpressionParts {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, JsonAttributeValue>;
}

/** Every attribute goes through a `#name` placeholder: `status` and others are DynamoDB reserved words. */
class ExpressionPlaceholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, JsonAttributeValue> = {};
  private nextValue = 0;

  name(attribute: string): string {
    const token = `#${attribute}`;
    this.names[token] = attribute;
    return token;
  }

  value(value: unknown): string {
    const token = `:v${this.nextValue++}`;
    this.values[token] = toAttributeValue(value);
    return token;
  }
}

/** Replaced whole when trimmed: DynamoDB refuses a list_append and a REMOVE on one list (overlapping paths). */
function historyClause(entry: object, kept: readonly object[] | undefined, p: ExpressionPlaceholders): string {
  const history = p.name('history');
  if (kept !== undefined) return `${history} = ${p.value([...kept, entry])}`;
  return `${history} = list_append(if_not_exists(${history}, ${p.value([])}), ${p.value([entry])})`;
}

/** As for grants: no lock, or one that expired at or before `nowMs`. */
function lockFree(nowMs: number, p: ExpressionPlaceholders): string {
  const expires = p.name('lockExpiresAtMs');
  return `(attribute_not_exists(${expires}) OR ${expires} <= ${p.value(nowMs)})`;
}

function setClauses(fields: object, p: ExpressionPlaceholders): string[] {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${p.name(field)} = ${p.value(value)}`);
}

/** The condition fields of a PutItem request. */
export type ConditionParts = Pick<UpdateExpressionParts, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;

/**
 * No item yet, or the item at the expected version (0: written before versions existed).
 * See docs/dynamodb-store.md#conditional-writes.
 * @example grantPutCondition({ version: 3 }).ConditionExpression; // '#version = :v0'
 */
export function grantPutCondition(expected: GrantPutExpectation): ConditionParts {
  const p = new ExpressionPlaceholders();
  const key = () => p.name(GrantTableSchema.partitionKey);
  let ConditionExpression: string;
  if ('absent' in expected) ConditionExpression = `attribute_not_exists(${key()})`;
  else if (expected.version === 0) ConditionExpression = `attribute_exists(${key()}) AND attribute_not_exists(${p.name('version')})`;
  else ConditionExpression = `${p.name('version')} = ${p.value(expected.version)}`;
  return { ConditionExpression, ExpressionAttributeNames: p.names, ExpressionAttributeValues: p.values };
}

/**
 * A revoke's first write: lock a GRANTED record without reading it (REVOKING, the lock,
 * one history entry, the version one up).
 * @example const parts = lockGrantedExpressions({ lockOwner: 'req-1', lockExpiresAtMs, updatedAtMs: now }, entry);
 */
export function lockGrantedExpressions(lock: GrantRevokeLock, entry: GrantTransition): UpdateExpressionParts {
  const p = new ExpressionPlaceholders();
  const version = p.name('version');
  const sets = [
    ...setClauses({ ...lock, status: 'REVOKING' }, p),
    historyClause(entry, undefined, p),
    `${version} = if_not_exists(${version}, ${p.value(0)}) + ${p.value(1)}`,
  ];
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: `${p.name('status')} = ${p.value('GRANTED')}`,
    ExpressionAttributeNames: p.names,
    ExpressionAttributeValues: p.values,
  };
}

/**
 * Takes a credential lock: none live, or one `lock.owner` holds (so a resend after a lost
 * answer does not lock its own invocation out). Creates the item when missing.
 * @example const parts = credentialLockExpressions({ owner: 'req-1', expiresAtMs }, Date.now());
 */
export function credentialLockExpressions(lock: GrantLock, nowMs: number): UpdateExpressionParts {
  const p = new ExpressionPlaceholders();
  const sets = setClauses({ lockOwner: lock.owner, lockExpiresAtMs: lock.expiresAtMs }, p);
  const ConditionExpression = `${lockFree(nowMs, p)} OR ${p.name('lockOwner')} = ${p.value(lock.owner)}`;
  return { UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression, ExpressionAttributeNames: p.names, ExpressionAttributeValues: p.values };
}

/**
 * Records one credential event and releases the lock, if the writer still holds it.
 * @example const parts = credentialUpdateExpressions(credentialId, write);
 */
export function credentialUpdateExpressions(credentialId: string, write: CredentialWrite): UpdateExpressionParts {
  const p = new ExpressionPlaceholders();
  const count = p.name('resetCount');
  const resetCount =
    write.resetCount === 'zero'
      ? p.value(0)
      : write.resetCount === 'increment'
        ? `if_not_exists(${count}, ${p.value(0)}) + ${p.value(1)}`
        : `if_not_exists(${count}, ${p.value(0)})`;
  const sets = [
    ...setClauses({ ...write.set, credentialId }, p),
    `${count} = ${resetCount}`,
    historyClause(write.appendHistory, write.keptHistory, p),
  ];
  const owner = p.name('lockOwner');
  return {
    UpdateExpression: `SET ${sets.join(', ')} REMOVE ${owner}, ${p.name('lockExpiresAtMs')}`,
    ConditionExpression: `${owner} = ${p.value(write.lockOwner)}`,
    ExpressionAttributeNames: p.names,
    ExpressionAttributeValues: p.values,
  };
}

/**
 * Releases `owner`'s credential lock, recording nothing; `onlyWithoutRecord` also requires that
 * no event was recorded. An UpdateItem, never a DeleteItem: see docs/dynamodb-store.md#conditional-writes.
 * @example const parts = credentialUnlockExpressions('req-1', { onlyWithoutRecord: locked.record === undefined });
 */
export function credentialUnlockExpressions(owner: string, options: { onlyWithoutRecord: boolean }): UpdateExpressionParts {
  const p = new ExpressionPlaceholders();
  const lockOwner = p.name('lockOwner');
  const held = `${lockOwner} = ${p.value(owner)}`;
  return {
    UpdateExpression: `REMOVE ${lockOwner}, ${p.name('lockExpiresAtMs')}`,
    ConditionExpression: options.onlyWithoutRecord ? `${held} AND attribute_not_exists(${p.name('status')})` : held,
    ExpressionAttributeNames: p.names,
    ExpressionAttributeValues: p.values,
  };
}
