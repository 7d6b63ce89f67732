import { InvalidAnswerError } from '../../errors';
import type { CredentialsResult } from '../types/method-results';
import type { SecretAnswer } from '../types/wire';

/**
 * Builds the create/reset-credentials answer. A credentials event answers with a
 * secret or fails: never `{status:'ok'}` alone, which would leave the user
 * without credentials while Apono believes they have some.
 *
 * @param method - `Class.method`, for error messages.
 * @example
 * ```ts
 * return buildSecretAnswer(await integration.create(req), 'PortalIntegration.create');
 * ```
 */
export function buildSecretAnswer(result: CredentialsResult | undefined, method: string): SecretAnswer {
  const secret = typeof result === 'object' && result !== null ? result.secret : undefined;
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new InvalidAnswerError(`${method} returned no secret; it must return { secret: string } with a non-empty string`);
  }
  return { status: 'ok', secret };
}
