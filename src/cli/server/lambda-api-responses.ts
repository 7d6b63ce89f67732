import type { ServerResponse } from 'node:http';
import { FUNCTION_NAME_MAX_LENGTH, FUNCTION_NAME_PATTERN_SOURCE, QUALIFIER_MAX_LENGTH, QUALIFIER_PATTERN_SOURCE } from './function-name';

// The Invoke API's answers in AWS's shape, so the SDK raises the same exceptions. See docs/local-loop.md#invoke-api-errors.

/** A service error of the Invoke API (not a function error). */
export interface LambdaServiceError {
  statusCode: number;
  /** The exception name the SDK raises, e.g. `ResourceNotFoundException`. */
  errorType: string;
  message: string;
}

/**
 * Sends a service error: `x-amzn-ErrorType` plus `{ Type, message }`.
 * @example sendServiceError(res, requestId, functionNotFound('arn:…:function:nope'));
 */
export function sendServiceError(res: ServerResponse, requestId: string, error: LambdaServiceError): void {
  const body = JSON.stringify({ Type: error.statusCode >= 500 ? 'Service' : 'User', message: error.message });
  res.writeHead(error.statusCode, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': error.errorType,
  });
  res.end(body);
}

/** The headers of an invocation's result besides the payload's. */
export interface InvocationResultHeaders {
  /** `X-Amz-Executed-Version`; `$LATEST` unless told. */
  executedVersion?: string;
  /** `X-Amz-Log-Result`: the base64 log tail, when the request asked `X-Amz-Log-Type: Tail`. */
  logResult?: string;
}

/**
 * Sends an invocation's result: 200 and the payload, `X-Amz-Function-Error: Unhandled` when the function failed.
 * @example sendInvocationResult(res, requestId, JSON.stringify(answer), false, { executedVersion: '7', logResult: base64Tail });
 */
export function sendInvocationResult(
  res: ServerResponse,
  requestId: string,
  payload: string,
  functionError: boolean,
  extra: InvocationResultHeaders = {},
): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': requestId,
    'X-Amz-Executed-Version': extra.executedVersion ?? '$LATEST',
  };
  if (extra.logResult !== undefined) headers['X-Amz-Log-Result'] = extra.logResult;
  if (functionError) headers['X-Amz-Function-Error'] = 'Unhandled';
  res.writeHead(200, headers);
  res.end(payload);
}

/**
 * The error for a function name the server does not serve.
 * @example functionNotFound('arn:aws:lambda:us-east-1:000000000000:function:nope');
 */
export function functionNotFound(functionArn: string): LambdaServiceError {
  return { statusCode: 404, errorType: 'ResourceNotFoundException', message: `Function not found: ${functionArn}` };
}

/**
 * 400 `ValidationException` for a malformed `FunctionName`; echoed as Lambda does (a name from the URL, never payload).
 * @example invalidFunctionName('evil:function:portal', 'pattern');
 */
export function invalidFunctionName(value: string, malformed: 'length' | 'pattern'): LambdaServiceError {
  return validationError('functionName', value, malformed, FUNCTION_NAME_MAX_LENGTH, FUNCTION_NAME_PATTERN_SOURCE);
}

/**
 * 400 `ValidationException` for a malformed `Qualifier`; an overlong one is echoed cut to the limit.
 * @example invalidQualifier('a.b', 'pattern');
 */
export function invalidQualifier(value: string, malformed: 'length' | 'pattern'): LambdaServiceError {
  return validationError('qualifier', value.slice(0, QUALIFIER_MAX_LENGTH), malformed, QUALIFIER_MAX_LENGTH, QUALIFIER_PATTERN_SOURCE);
}

/**
 * The error Lambda answers when `?Qualifier=` and the qualifier in the `FunctionName` disagree.
 * @example qualifierMismatch();
 */
export function qualifierMismatch(): LambdaServiceError {
  return {
    statusCode: 400,
    errorType: 'InvalidParameterValueException',
    message: 'The derived qualifier from the function name does not match the specified qualifier.',
  };
}

function validationError(member: string, value: string, malformed: 'length' | 'pattern', maxLength: number, pattern: string): LambdaServiceError {
  const constraint = malformed === 'length' ? `Member must have length less than or equal to ${maxLength}` : `Member must satisfy regular expression pattern: ${pattern}`;
  return {
    statusCode: 400,
    errorType: 'ValidationException',
    message: `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  };
}

/**
 * The error for a body that is not JSON. The body itself is never echoed.
 * @example invalidJsonBody();
 */
export function invalidJsonBody(): LambdaServiceError {
  return {
    statusCode: 400,
    errorType: 'InvalidRequestContentException',
    message: 'Could not parse request body into json: the request body is not valid JSON',
  };
}

/**
 * The error for a request body over Lambda's 6 MB limit.
 * @example requestTooLarge(7_000_000, 6_291_456);
 */
export function requestTooLarge(sizeBytes: number, limitBytes: number): LambdaServiceError {
  return {
    statusCode: 413,
    errorType: 'RequestTooLargeException',
    message: `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation (got ${sizeBytes} bytes)`,
  };
}

/**
 * The error for any path or method other than the Invoke API.
 * @example unknownOperation('GET', '/');
 */
export function unknownOperation(method: string, urlPath: string): LambdaServiceError {
  return {
    statusCode: 404,
    errorType: 'UnknownOperationException',
    message: `this local endpoint serves only POST /2015-03-31/functions/{name}/invocations (got ${method} ${urlPath})`,
  };
}
