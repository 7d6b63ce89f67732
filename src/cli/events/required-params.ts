/**
 * The params a mutating event must be given explicitly: these events change
 * access or credentials in the application, so `invoke` never makes them up
 * (an invented `user@example.com` once became a real database role).
 *
 * @example
 * ```ts
 * RequiredParams['create-credentials']; // ['username', 'resource_type', 'resources']
 * ```
 */
export const RequiredParams: Readonly<Record<string, readonly string[]>> = {
  'grant-access': ['grant_id', 'username', 'resource_type', 'resources', 'permission'],
  'revoke-access': ['grant_id', 'username', 'resource_type', 'resources', 'permission'],
  'create-credentials': ['username', 'resource_type', 'resources'],
  'reset-credentials': ['username', 'resource_type', 'resources'],
  'delete-credentials': ['username', 'resource_type', 'resources'],
};

/** What each `--param` placeholder in the refusal shows. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  grant_id: '<id>',
  username: '<user>',
  resource_type: '<type>',
  resources: '<a,b>',
  permission: '<permission>',
};

/**
 * The required params of an event type that `params` lacks, in protocol order.
 * Read-only event types require none.
 *
 * @example
 * ```ts
 * missingRequiredParams('grant-access', { username: 'dana@example.com' }); // ['grant_id', 'resource_type', 'resources', 'permission']
 * ```
 */
export function missingRequiredParams(eventType: string, params: Readonly<Record<string, unknown>>): string[] {
  return (RequiredParams[eventType] ?? []).filter((field) => params[field] === undefined);
}

/**
 * The refusal for a mutating event with params missing: names each field, the
 * flag that sets it, and the opt-in to invented values.
 *
 * @example
 * ```ts
 * throw missingParamsError('grant-access', ['grant_id', 'permission']);
 * ```
 */
export function missingParamsError(eventType: string, missing: readonly string[]): Error {
  const flags = missing.map((field) => `--param ${field}=${PLACEHOLDERS[field] ?? '<value>'}`).join(' ');
  return new Error(
    `${eventType} needs explicit values; missing: ${missing.join(', ')}. ` +
      `Set them with ${flags} (or in a JSON event file), ` +
      'or pass --example-values to run it with invented values (listed on stderr).',
  );
}
