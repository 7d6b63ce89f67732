/**
 * Runs `work` with everything written to stdout sent to stderr instead, so that
 * `invoke` keeps stdout for the answer alone (the framework and user code log
 * JSON lines to stdout, as CloudWatch wants them in Lambda).
 *
 * @example
 * ```ts
 * const outcome = await withStdoutToStderr(() => runInvocation(handler, event, context, timeoutMs));
 * process.stdout.write(JSON.stringify(outcome));
 * ```
 */
export async function withStdoutToStderr<T>(work: () => Promise<T>): Promise<T> {
  const originalWrite = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = originalWrite;
  }
}
