/**
 * Sets environment variables for a handler module run in this process, the
 * way a Lambda function's configuration sets them, and returns a function that
 * puts back the previous values (unset ones are deleted again). Set them before
 * the module loads: modules often read their configuration at load time.
 *
 * @example
 * ```ts
 * const restore = applyFunctionEnvironment({ PORTAL_ORIGIN: 'http://127.0.0.1:8080' });
 * const handler = await loadHandler('example-app/src/handler.ts');
 * restore();
 * ```
 */
export function applyFunctionEnvironment(values: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    previous.set(key, process.env[key]);
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
