/**
 * Lambda's Advanced Logging Controls (`AWS_LAMBDA_LOG_FORMAT=JSON`,
 * `AWS_LAMBDA_LOG_LEVEL`): in JSON format the Node.js runtime wraps whatever goes
 * through `console.*` in its own JSON object, so a JSON line logged that way would
 * arrive as a string inside `message` (double-encoded). The default logger writes
 * its lines to stdout itself, and takes its level from the function's setting.
 */
import { bootstrap, Grant, Integration, ListResources, MemoryGrantStore, Revoke } from 'apono-lambda-kit';
import { fakeLambdaContext } from 'apono-lambda-kit/testing';
import { JsonLogger } from '../../src/logging/logger';

class Quiet extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

const LAMBDA_ENV = { AWS_LAMBDA_FUNCTION_NAME: 'apono-fn', AWS_LAMBDA_LOG_FORMAT: 'JSON' };

/** Runs `act` with the environment set and stdout/console captured. */
async function captured(env: Record<string, string>, act: () => Promise<unknown>): Promise<{ stdout: string[]; consoleCalls: number }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const stdout: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => jest.spyOn(console, method).mockImplementation(() => undefined));
  try {
    await act();
  } finally {
    write.mockRestore();
    process.env = saved;
  }
  const consoleCalls = consoleSpies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  for (const spy of consoleSpies) spy.mockRestore();
  return { stdout, consoleCalls };
}

describe('logging under Lambda Advanced Logging Controls', () => {
  it('writes each line to stdout as one JSON object, never through console (which would wrap it again)', async () => {
    // Prepare
    const handler = bootstrap(Quiet, { store: new MemoryGrantStore(), allowEphemeralStore: true, metrics: { enabled: false } });
    // Act
    const { stdout, consoleCalls } = await captured(LAMBDA_ENV, () => handler({ event_type: 'list-resources', params: { resource_type: 'r' } }, fakeLambdaContext()));
    // Assess
    expect(consoleCalls).toBe(0);
    const lines = stdout.join('').split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(typeof entry.level).toBe('string');
      expect(typeof entry.message).toBe('string');
      expect(() => JSON.parse(entry.message as string)).toThrow(); // the message is text, not a JSON line inside a line
    }
  });

  it('takes its level from AWS_LAMBDA_LOG_LEVEL at init: WARN drops the answered INFO line, keeps the failure', async () => {
    // Act: the function's environment is there at init, as in Lambda
    const { stdout } = await captured({ ...LAMBDA_ENV, AWS_LAMBDA_LOG_LEVEL: 'WARN' }, async () => {
      const handler = bootstrap(Quiet, { store: new MemoryGrantStore(), allowEphemeralStore: true, metrics: { enabled: false } });
      await handler({ event_type: 'list-resources', params: { resource_type: 'r' } }, fakeLambdaContext());
      await handler({ event_type: 'grant-access', params: {} }, fakeLambdaContext()).catch(() => undefined);
    });
    // Assess
    expect(stdout.join('')).not.toContain('"level":"INFO"');
    expect(stdout.join('')).toContain('"level":"ERROR"');
  });

  it.each([
    ['TRACE', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['FATAL', ['ERROR']],
  ])('reads Lambda’s %s level as the nearest of its own, keeping errors', async (lambdaLevel, written) => {
    // Prepare
    const lines: string[] = [];
    // Act
    await captured({ ...LAMBDA_ENV, AWS_LAMBDA_LOG_LEVEL: lambdaLevel }, async () => {
      const logger = new JsonLogger({ write: (line) => lines.push(line) });
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
    });
    // Assess
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(written);
  });

  it('ignores a level name that is not a level (no prototype keys): the default INFO applies', async () => {
    // Prepare
    const lines: string[] = [];
    // Act
    await captured({ ...LAMBDA_ENV, AWS_LAMBDA_LOG_LEVEL: 'constructor' }, async () => {
      const logger = new JsonLogger({ write: (line) => lines.push(line) });
      logger.debug('d');
      logger.info('i');
    });
    // Assess
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(['INFO']);
  });
});
