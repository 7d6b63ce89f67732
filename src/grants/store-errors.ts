import { GrantStoreUnavailableError } from '../errors';

/** Store refusals that the same request, sent again, meets again. */
const NOT_RETRYABLE: ReadonlySet<string> = new Set(['ValidationException', 'SerializationException']);

/** The store error's name and code, never its message: a server may echo request values in it. */
function describeStoreError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code !== err.name ? `${err.name} ${code}` : err.name;
}

/**
 * Runs one store call; a store failure becomes a {@link GrantStoreUnavailableError}
 * (retryable, the store's error as `cause`). A TypeError or RangeError is a bug
 * (a malformed write), not an outage, and goes through unchanged.
 *
 * @example
 * ```ts
 * const record = await storeCall(() => store.get(grantId), `reading grant_id ${grantId}`);
 * ```
 */
export async function storeCall<T>(call: () => Promise<T>, doing: string, consequence = 'Nothing was changed; the request can be retried.'): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError) throw err;
    throw new GrantStoreUnavailableError(
      `the grant store failed while ${doing} (${describeStoreError(err)}). ${consequence}`,
      { cause: err, retryable: !(err instanceof Error && NOT_RETRYABLE.has(err.name)) },
    );
  }
}
