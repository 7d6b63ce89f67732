import { Grant, inject, injectable, Integration, ListResources, type Logger, Revoke, Tokens } from 'apono-lambda-kit';
import { CorrelatedLogger, JsonLogger, redactSecrets } from '../../src/logging/logger';
import { createTestHarness } from 'apono-lambda-kit/testing';
import { Directory, DirectoryIntegration, FakeDirectory, VALID_CUSTOM_PARAMETERS } from '../support/integrations';

describe('logging', () => {
  it('writes one JSON object per line with level, message and fields', () => {
    // Prepare
    const lines: string[] = [];
    const logger = new JsonLogger({ level: 'INFO', write: (l) => lines.push(l) });

    // Act
    logger.debug('hidden');
    logger.info('shown', { grant_id: 'g-1' });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'INFO', message: 'shown', grant_id: 'g-1' });
  });

  it('redacts values under secret-looking keys at any depth', () => {
    // Act
    const fields = redactSecrets({ custom_parameters: { base_url: 'u', apiKey: 'k', nested: [{ password: 'p' }] }, Credentials: 'c' });

    // Assess
    expect(fields).toEqual({ custom_parameters: { base_url: 'u', apiKey: '[REDACTED]', nested: [{ password: '[REDACTED]' }] }, Credentials: '[REDACTED]' });
  });

  it('stamps every line of an invocation with event_type, grant_id, request_id and cold_start', async () => {
    // Prepare
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: new FakeDirectory() }], customParameters: VALID_CUSTOM_PARAMETERS });

    // Act
    await harness.grant({ grantId: 'g-42', context: { awsRequestId: 'req-1' } });
    await harness.grant({ grantId: 'g-43', context: { awsRequestId: 'req-2' } });

    // Assess
    const first = harness.logs.filter((l) => l.request_id === 'req-1');
    expect(first.length).toBeGreaterThanOrEqual(2);
    for (const line of first) expect(line).toMatchObject({ event_type: 'grant-access', grant_id: 'g-42', cold_start: true });
    expect(harness.logs.filter((l) => l.request_id === 'req-2').every((l) => l.cold_start === false)).toBe(true);
  });

  it('passes correlation fields to a replacement logger', () => {
    // Prepare
    const calls: Array<[string, Record<string, unknown> | undefined]> = [];
    const record = (m: string, f?: Record<string, unknown>) => calls.push([m, f]);
    const logger = new CorrelatedLogger({ debug: record, info: record, warn: record, error: record }, { event_type: 'grant-access' });

    // Act
    logger.warn('careful', { token: 't' });

    // Assess
    expect(calls).toEqual([['careful', { event_type: 'grant-access', token: '[REDACTED]' }]]);
  });

  it('redacts through the root logger too, which singletons log with', async () => {
    // Prepare
    @injectable()
    class RootLoggingIntegration extends Integration {
      constructor(@inject(Tokens.RootLogger) private readonly logger: Logger) { super(); }
      @ListResources() list() { return { resources: [], permissions: [] }; }
      @Grant() grant() { this.logger.info('connecting', { api_token: 'tok-7f3a9c' }); }
      @Revoke() revoke() {}
    }
    const harness = createTestHarness(RootLoggingIntegration);

    // Act
    await harness.grant();

    // Assess
    expect(harness.logs).toContainEqual(expect.objectContaining({ message: 'connecting', api_token: '[REDACTED]' }));
    expect(harness.capturedText()).not.toContain('tok-7f3a9c');
  });

  it('never fails the invocation over a field JSON cannot carry', () => {
    // Prepare
    const lines: string[] = [];
    const logger = new JsonLogger({ write: (l) => lines.push(l) });
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    // Act
    logger.info('quota', { bytes: 10n });
    logger.info('loop', { circular });

    // Assess
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'quota', bytes: '10' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ message: 'loop', log_error: expect.stringContaining('could not be serialized') });
  });

  it('keeps its own and the correlation fields when a caller passes fields of the same name', () => {
    // Prepare
    const lines: string[] = [];
    const logger = new CorrelatedLogger(new JsonLogger({ write: (l) => lines.push(l) }), { grant_id: 'g-1' });

    // Act
    logger.info('granted', { message: 'spoofed', level: 'ERROR', grant_id: 'g-other' });

    // Assess
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'INFO', message: 'granted', grant_id: 'g-1' });
  });
});
