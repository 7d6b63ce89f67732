import type { CredentialWrite, GrantWrite, GrantWriteCondition } from '../grant-store';
import { GrantTableSchema } from './constants';
import { toAttributeValue, type JsonAttributeValue } from './attribute-value';

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

function conditionExpression(when: GrantWriteCondition, p: ExpressionPlaceholders): string {
  if ('absent' in when) return `attribute_not_exists(${p.name(GrantTableSchema.partitionKey)})`;
  const parts = [`${p.name('status')} IN (${when.status.map((s) => p.value(s)).join(', ')})`];
  if (when.lockOwner !== undefined) parts.push(`${p.name('lockOwner')} = ${p.value(when.lockOwner)}`);
  if (when.payloadHash !== undefined) parts.push(`${p.name('payloadHash')} = ${p.value(when.payloadHash)}`);
  if (when.lockExpiresAtOrBeforeMs !== undefined) {
    const expires = p.name('lockExpiresAtMs');
    parts.push(`(attribute_not_exists(${expires}) OR ${expires} <= ${p.value(when.lockExpiresAtOrBeforeMs)})`);
  }
  return parts.join(' AND ');
}

function appendHistory(entry: object, p: ExpressionPlaceholders): string {
  const history = p.name('history');
  return `${history} = list_append(if_not_exists(${history}, ${p.value([])}), ${p.value([entry])})`;
}

function setClauses(fields: object, p: ExpressionPlaceholders): string[] {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${p.name(field)} = ${p.value(value)}`);
}

/**
 * The UpdateItem expressions of one grant transition: SET the given fields (so
 * `data` and `history` already stored survive), append to `history`, REMOVE the
 * given fields, under the write's condition.
 *
 * @example
 * ```ts
 * const parts = grantUpdateExpressions('g-1', write);
 * await client.send(new UpdateItemCommand({ TableName, Key, ...parts }));
 * ```
 */
export function grantUpdateExpressions(grantId: string, write: GrantWrite): UpdateExpressionParts {
  const p = new ExpressionPlaceholders();
  const sets = [...setClauses({ ...write.set, grantId }, p), appendHistory(write.appendHistory, p)];
  const removes = (write.remove ?? []).map((field) => p.name(field));
  const ConditionExpression = conditionExpression(write.when, p);
  return {
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression,
    ExpressionAttributeNames: p.names,
    ExpressionAttributeValues: p.values,
  };
}

/**
 * The UpdateItem expressions of one credential event (an unconditional upsert).
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
    appendHistory(write.appendHistory, p),
  ];
  return { UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeNames: p.names, ExpressionAttributeValues: p.values };
}
