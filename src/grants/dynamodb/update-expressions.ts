import type { CredentialWrite, GrantLock, GrantPutExpectation, GrantRevokeLock } from '../grant-store';
import type { GrantTransition } from '../records';
import { GrantTableSchema } from './constants';
import { type JsonAttributeValue, toAttributeValue } from './record-items';

/** The expression fields of an UpdateItem request. */
export interface UpdateExpressionParts {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, JsonAttributeValue>;
}

/**
 * Collects placeholders. Every attribute goes through a `#name` placeholder
 * because `status` (and others) are DynamoDB reserved words.
 */
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

/**
 * The SET clause of `history`: the new entry appended, or, when the writer gave the
 * entries to keep, the whole list replaced (one path, so DynamoDB accepts it; a
 * list_append together with a REMOVE of old entries overlaps and is refused).
 */
function historyClause(entry: object, kept: readonly object[] | undefined, p: ExpressionPlaceholders): string {
  const history = p.name('history');
  if (kept !== undefined) return `${history} = ${p.value([...kept, entry])}`;
  return `${history} = list_append(if_not_exists(${history}, ${p.value([])}), ${p.value([entry])})`;
}

/** "No lock, or one that expired at or before `nowMs`", as for grants. */
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
 * The condition of a grant record's PutItem: no item yet, or the item at the
 * expected version (0: an item written before versions existed, which has none).
 *
 * @example
 * ```ts
 * grantPutCondition({ version: 3 }).ConditionExpression; // '#version = :v0'
 * ```
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
 * The UpdateItem expressions of a revoke's first write: lock a GRANTED record
 * without reading it (status REVOKING, the lock, one history entry appended, the
 * version one up).
 *
 * @example
 * ```ts
 * const parts = lockGrantedExpressions({ lockOwner: 'req-1', lockExpiresAtMs, updatedAtMs: now }, entry);
 * ```
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
 * The UpdateItem expressions that take a credential record's lock: no live lock,
 * or one `lock.owner` already holds (the item may not exist yet; then it holds only
 * the lock until an event is recorded). Why its own lock passes: when DynamoDB
 * applied the write but the response was lost, the SDK sends it again, and that
 * retry must not find the invocation locked out by itself until the lock expires.
 *
 * @example
 * ```ts
 * const parts = credentialLockExpressions({ owner: 'req-1', expiresAtMs }, Date.now());
 * ```
 */
export function credentialLockExpressions(lock: GrantLock, nowMs: number): UpdateExpressionParts {
  const p = new ExpressionPlaceholders();
  const sets = setClauses({ lockOwner: lock.owner, lockExpiresAtMs: lock.expiresAtMs }, p);
  const ConditionExpression = `${lockFree(nowMs, p)} OR ${p.name('lockOwner')} = ${p.value(lock.owner)}`;
  return { UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression, ExpressionAttributeNames: p.names, ExpressionAttributeValues: p.values };
}

/**
 * The UpdateItem expressions of one credential event: record it and release the
 * lock, if the writer still holds it.
 *
 * @example
 * ```ts
 * const parts = credentialUpdateExpressions(credentialId, write);
 * ```
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
 * The UpdateItem expressions with which `owner` releases a credential lock,
 * recording nothing. With `onlyWithoutRecord` (the lock of a first event), the
 * release also requires that no event was ever recorded, and leaves an item
 * holding only its key, which reads and lists skip. An UpdateItem rather than a
 * DeleteItem so that the function's role needs no `dynamodb:DeleteItem`
 * (`GrantTableIamActions`): a refused delete kept the lock until it expired.
 *
 * @example
 * ```ts
 * const parts = credentialUnlockExpressions('req-1', { onlyWithoutRecord: locked.record === undefined });
 * ```
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
