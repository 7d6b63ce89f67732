import { bootstrap, Grant, Integration, ListResources, MemoryGrantStore, Revoke } from 'apono-lambda-kit';
import { CorrelatedLogger, JsonLogger, MAX_LOGGED_STRING } from '../../src/logging/logger';

const lines: string[] = [];
const logger = () => new CorrelatedLogger(new JsonLogger({ level: 'DEBUG', write: (line) => lines.push(line) }), { request_id: 'r-1' });
const SECRET = 'Zq9-very-secret-value';

class Quiet extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

describe('log redaction and bounds', () => {
  beforeEach(() => {
    lines.length = 0;
  });

  it.each(['Authorization', 'pwd', 'auth', 'session_id', 'cookie', 'x-api-signature'])('redacts the value under a key named like %s', (key) => {
    // Act
    logger().info('calling the portal', { headers: { [key]: SECRET } });
    // Assess
    expect(lines.join('')).not.toContain(SECRET);
  });

  it.each([
    ['a connection URL with a password', `postgres://admin:${SECRET}@db.internal:5432/app`],
    ['a bearer token', `Bearer ${SECRET}`],
    ['a JWT', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.${SECRET}`],
    ['a PEM private key', `-----BEGIN PRIVATE KEY-----\nMIIE${SECRET}\n-----END PRIVATE KEY-----`],
  ])('redacts %s inside a value under an innocent key', (_label, value) => {
    // Act
    logger().warn('upstream failed', { detail: `while calling: ${value} (retrying)` });
    // Assess
    expect(lines.join('')).not.toContain(SECRET);
    expect(lines.join('')).toContain('retrying');
  });

  it('keeps a connection URL without a password readable', () => {
    // Act
    logger().info('connecting', { url: 'postgres://db.internal:5432/app' });
    // Assess
    expect(lines.join('')).toContain('postgres://db.internal:5432/app');
  });

  it.each([
    ['a connection URL whose password the cut falls inside', `postgres://admin:${SECRET}@db.internal:5432/app`, 'postgres://admin:'],
    ['a JWT the cut falls inside', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0${SECRET}.c2lnbmF0dXJl`, ''],
  ])('redacts %s, not logging the part before the cut', (_label, value, keptPrefix) => {
    // Prepare: the secret starts 10 characters before the cut
    const secretAt = value.indexOf(SECRET);
    const padded = `${'p'.repeat(MAX_LOGGED_STRING - secretAt - 11)} ${value}`;

    // Act
    logger().warn('upstream failed', { detail: padded });

    // Assess
    expect(lines.join('')).not.toContain(SECRET.slice(0, 10));
    expect(lines.join('')).toContain(`${keptPrefix}[REDACTED]… [cut from ${padded.length} characters]`);
  });

  it('logs a Date as JSON.stringify would, its ISO time, not an empty object', () => {
    // Act
    logger().info('renewed', { at: new Date(0) });

    // Assess
    expect(JSON.parse(lines[0] ?? '{}').at).toBe('1970-01-01T00:00:00.000Z');
  });

  it('cuts every logged string: a 5 MB event_type makes a line of a few KB, not 10 MB', async () => {
    // Prepare
    const handler = bootstrap(Quiet, { store: new MemoryGrantStore(), logger: new JsonLogger({ write: (line) => lines.push(line) }) });
    // Act
    await handler({ event_type: 'x'.repeat(5 * 1024 * 1024), params: {} });
    // Assess
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(20_000);
  });
});
