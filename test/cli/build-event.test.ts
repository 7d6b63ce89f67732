import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEvent, parseKeyValuePairs, readEventFile } from '../../src/cli/events/build-event';

const GRANT_PARAMS = { grant_id: 'g-1', username: 'dana@example.com', resource_type: 'project', resources: ['proj-billing'], permission: 'reader' };

describe('invoke’s event building', () => {
  test('reads resources=a,b as a list and JSON-looking values as JSON', () => {
    // Act
    const parsed = parseKeyValuePairs(['resources=proj-a, proj-b', 'extra={"k":1}', 'username=dana@example.com']);

    // Assess
    expect(parsed).toEqual({ resources: ['proj-a', 'proj-b'], extra: { k: 1 }, username: 'dana@example.com' });
  });

  test('refuses prototype-polluting keys', () => {
    // Act
    const attempt = () => parseKeyValuePairs(['__proto__=x']);

    // Assess
    expect(attempt).toThrow('"__proto__" is not an allowed key');
  });

  test('builds a grant-access from the given params, with --custom as custom_parameters', () => {
    // Act
    const { event } = buildEvent('grant-access', { params: GRANT_PARAMS, customParameters: { base_url: 'http://x' } });

    // Assess
    expect(event).toEqual({ event_type: 'grant-access', params: { ...GRANT_PARAMS, custom_parameters: { base_url: 'http://x' } } });
  });

  test.each([
    ['grant-access', ['grant_id', 'username', 'resource_type', 'resources', 'permission']],
    ['revoke-access', ['grant_id', 'username', 'resource_type', 'resources', 'permission']],
    ['create-credentials', ['username', 'resource_type', 'resources']],
    ['reset-credentials', ['username', 'resource_type', 'resources']],
    ['delete-credentials', ['username', 'resource_type', 'resources']],
  ])('refuses to invent the params of %s, naming each missing field and the --param that sets it', (eventType, fields) => {
    // Act
    const attempt = () => buildEvent(eventType);

    // Assess
    expect(attempt).toThrow(`${eventType} needs explicit values; missing: ${fields.join(', ')}`);
    for (const field of fields) expect(attempt).toThrow(`--param ${field}=`);
    expect(attempt).toThrow('--example-values');
  });

  test('names only the fields still missing when some are given', () => {
    // Act
    const attempt = () => buildEvent('grant-access', { params: { grant_id: 'g-1', username: 'dana@example.com' } });

    // Assess
    expect(attempt).toThrow('missing: resource_type, resources, permission');
  });

  test('with exampleValues, invents only the missing fields and reports each one it invented', () => {
    // Act
    const built = buildEvent('grant-access', { params: { username: 'dana@example.com' } }, { exampleValues: true });

    // Assess
    expect(built.event.params).toMatchObject({ username: 'dana@example.com', resource_type: 'resource', resources: ['resource-1'], permission: 'reader' });
    expect(Object.keys(built.invented)).toEqual(['grant_id', 'resource_type', 'resources', 'permission']);
    expect(built.invented.grant_id).toBe(built.event.params.grant_id);
  });

  test.each(['get-status', 'list-resources', 'list-resources-tags'])('builds the read-only %s without any params', (eventType) => {
    // Act
    const built = buildEvent(eventType);

    // Assess
    expect(built.event.event_type).toBe(eventType);
    expect(built.invented).toEqual({});
  });

  test('an event file without an event_type is refused naming the field, not sent as "undefined"', () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'event-file-'));
    const file = path.join(dir, 'grant.json');
    writeFileSync(file, JSON.stringify({ params: GRANT_PARAMS }));

    // Act
    const read = () => readEventFile(file);

    // Assess
    try {
      expect(read).toThrow(`the event file ${file} needs an "event_type" string (such as "grant-access")`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
