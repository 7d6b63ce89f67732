import path from 'node:path';
import type { LocalLambda } from '../server/start-local-lambda';

/**
 * Prints where a local Lambda listens and how to call it. The first line is
 * stable (`listening on <url> …`): scripts and tests wait for it.
 *
 * @example
 * ```ts
 * printInvokeHelp(await startLocalLambda({ handlerModule: 'src/handler.ts' }));
 * ```
 */
export function printInvokeHelp(local: LocalLambda, write: (text: string) => void = (text) => process.stdout.write(text)): void {
  const store =
    local.store === 'dynamodb'
      ? `embedded DynamoDB ${local.dynamodbEndpoint} table ${local.tableName}`
      : local.store === 'memory'
        ? 'memory (lost on exit)'
        : 'as the handler module configures it';
  write(
    [
      `listening on ${local.url} function ${local.functionName}`,
      `grant store: ${store}`,
      ...(local.watchedDir === undefined ? [] : [`reloading on changes under ${path.relative(process.cwd(), local.watchedDir) || '.'}${path.sep}`]),
      '',
      'Invoke it with the AWS CLI (any credentials sign; e.g. AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local):',
      `  echo '{"event_type":"get-status","params":{"custom_parameters":{}}}' > event.json`,
      `  aws lambda invoke --endpoint-url ${local.url} --region us-east-1 --function-name ${local.functionName} \\`,
      `    --cli-binary-format raw-in-base64-out --payload file://event.json answer.json && cat answer.json`,
      '  (AWS CLI v1 needs no --cli-binary-format, and rejects it: leave it out)',
      'or with curl:',
      `  curl -s -X POST ${local.url}/2015-03-31/functions/${local.functionName}/invocations -d @event.json`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
}
