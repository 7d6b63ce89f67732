// Child process: loads one built handler (index.mjs) and times invocations. Prints JSON on stderr
// (stdout is /dev/null: the handlers' own log lines go there, as they would to CloudWatch).
// BENCH_GRANT_PREFIX keeps grant_ids unique across processes that share one dynalite.
const { lambdaContext } = require('./lambda-context');

const [file, exportName, mode, countArg] = process.argv.slice(2);
const count = Number(countArg);
const prefix = process.env.BENCH_GRANT_PREFIX ?? 'g';

function grantEvent(i) {
  return { event_type: 'grant-access', params: { grant_id: `${prefix}-${i}`, username: 'dana@example.com', resource_type: 'project', resources: ['resource1', 'resource2'], permission: 'reader', custom_parameters: { param1: 'a', param2: 'b' } } };
}
const listEvent = { event_type: 'list-resources', params: { resource_type: 'project', custom_parameters: {} } };

/** µs per invocation: elapsed, and the CPU this process spent (a local DynamoDB server's own work is not in it). */
async function time(handler, makeEvent, n) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < n; i++) await handler(makeEvent(i), lambdaContext);
  const cpu = process.cpuUsage(cpuStart);
  return { micros: Number(process.hrtime.bigint() - start) / 1000 / n, cpuMicros: (cpu.user + cpu.system) / n };
}

(async () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const handler = (await import(file))[exportName];
  const initHeapBytes = process.memoryUsage().heapUsed - heapBefore;
  const makeEvent = mode === 'grant' ? grantEvent : () => listEvent;
  await time(handler, (i) => makeEvent(i + 10_000_000), Math.ceil(count / 5)); // warm up the JIT
  const { micros: microsPerCall, cpuMicros: cpuMicrosPerCall } = await time(handler, makeEvent, count);
  if (global.gc) global.gc();
  process.stderr.write(`${JSON.stringify({ microsPerCall, cpuMicrosPerCall, initHeapBytes, heapAfterBytes: process.memoryUsage().heapUsed })}\n`);
  process.exit(0); // an SDK client's keep-alive sockets must not hold the process open
})();
