/**
 * The bare function name in what a client may pass as `FunctionName`: a name,
 * a name with a qualifier (`name:alias`), a partial ARN
 * (`123456789012:function:name`) or a full ARN, possibly with a qualifier.
 *
 * @example
 * ```ts
 * bareFunctionName('arn:aws:lambda:us-east-1:000000000000:function:portal:live'); // 'portal'
 * bareFunctionName('portal'); // 'portal'
 * ```
 */
export function bareFunctionName(nameOrArn: string): string {
  const marker = ':function:';
  const at = nameOrArn.indexOf(marker);
  const rest = at >= 0 ? nameOrArn.slice(at + marker.length) : nameOrArn;
  const qualifierAt = rest.indexOf(':');
  return qualifierAt >= 0 ? rest.slice(0, qualifierAt) : rest;
}
