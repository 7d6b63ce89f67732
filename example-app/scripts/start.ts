/**
 * `npm start`: the project portal, the embedded grant store and the portal
 * integration on a local Lambda endpoint, until Ctrl-C.
 * PORT (9000), PORTAL_PORT (8080), DATA_DIR (.data).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exampleEvents, startLocalStack } from './local-stack';

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ?? '.data';
  const stack = await startLocalStack({
    dataDir,
    lambdaPort: Number(process.env.PORT ?? 9000),
    portalPort: Number(process.env.PORTAL_PORT ?? 8080),
  });
  const eventsDir = path.join(dataDir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  for (const [name, event] of Object.entries(exampleEvents(stack.portal.url, 'grant-from-the-readme'))) {
    writeFileSync(path.join(eventsDir, `${name}.json`), `${JSON.stringify(event, null, 2)}\n`);
  }
  const { url, functionName } = stack.lambda;
  process.stdout.write(
    [
      `project portal:          ${stack.portal.url}  (admin key: $PORTAL_ADMIN_API_KEY or the dev default)`,
      `pinned portal origin:    PORTAL_ORIGIN=${stack.portal.url}  (the only base_url origin the function sends the key to)`,
      `Lambda Invoke API:       ${url}  function ${functionName}`,
      `grant ledger (dynalite): ${stack.lambda.dynamodbEndpoint}  data in ${path.join(dataDir, 'dynalite')}`,
      `example events:          ${eventsDir}/*.json`,
      '',
      'Invoke with the AWS CLI (any credentials sign locally):',
      `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws lambda invoke --endpoint-url ${url} --region us-east-1 \\`,
      `    --function-name ${functionName} --cli-binary-format raw-in-base64-out \\`,
      `    --payload file://${eventsDir}/grant-access.json answer.json && cat answer.json`,
      'or with curl:',
      `  curl -s -X POST ${url}/2015-03-31/functions/${functionName}/invocations -d @${eventsDir}/list-resources.json`,
      'Read the ledger (from another terminal, while this runs):',
      `  npx tsx src/cli/main.ts grants list --data-dir ${dataDir}`,
      '',
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    process.stdout.write('stopping…\n');
    void stack.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`start failed: ${(err as Error).message}\n`);
  process.exit(1);
});
