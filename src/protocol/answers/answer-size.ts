import { ResponseTooLargeError } from '../../errors';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../constants';

/**
 * Throws {@link ResponseTooLargeError} when the answer would not fit in a
 * synchronous Lambda response. Lambda would otherwise fail the invoke with a
 * vaguer error after the work was done.
 *
 * @example
 * ```ts
 * assertAnswerFits(answer, 'list-resources');
 * ```
 */
export function assertAnswerFits(answer: unknown, what: string, limitBytes = LAMBDA_RESPONSE_LIMIT_BYTES): void {
  const size = Buffer.byteLength(JSON.stringify(answer), 'utf8');
  if (size > limitBytes) {
    throw new ResponseTooLargeError(
      `the ${what} answer is ${size} bytes; a synchronous Lambda response may be at most ${limitBytes} bytes. ` +
        'The protocol has no pagination: return fewer resources per resource type, or shorter names and metadata.',
    );
  }
}
