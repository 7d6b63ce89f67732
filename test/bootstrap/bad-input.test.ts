import { createTestHarness } from 'apono-lambda-kit/testing';
import { DirectoryIntegration, FakeDirectory, Directory, VALID_CUSTOM_PARAMETERS } from '../support/integrations';

const SECRET = 'S3CRET value: do not echo';
const grantParams = {
  grant_id: 'g-1', username: 'dana@example.com', resource_type: 'project', resources: ['proj-1'], permission: 'reader',
  custom_parameters: VALID_CUSTOM_PARAMETERS,
};
const grantWith = (changes: Record<string, unknown>) => ({ event_type: 'grant-access', params: { ...grantParams, ...changes } });
const without = (field: string) => {
  const params: Record<string, unknown> = { ...grantParams };
  delete params[field];
  return { event_type: 'grant-access', params };
};

const rows: Array<[string, unknown, string]> = [
  ['the event is null', null, 'the event must be a JSON object'],
  ['the event is a string', SECRET, 'the event must be a JSON object'],
  ['the event is an array', [SECRET], 'the event must be a JSON object'],
  ['event_type is missing', { params: grantParams }, 'event.event_type must be a non-empty string'],
  ['event_type is not a string', { event_type: 42, params: grantParams }, 'event.event_type must be a non-empty string'],
  ['params is missing on grant-access', { event_type: 'grant-access' }, 'params.grant_id must be a non-empty string'],
  ['params is a string', { event_type: 'grant-access', params: SECRET }, 'event.params must be an object'],
  ['params is an array', { event_type: 'list-resources', params: [SECRET] }, 'event.params must be an object'],
  ['grant_id is missing', without('grant_id'), 'params.grant_id must be a non-empty string'],
  ['grant_id is empty', grantWith({ grant_id: '' }), 'params.grant_id must be a non-empty string'],
  ['grant_id is a number', grantWith({ grant_id: 12345 }), 'params.grant_id must be a non-empty string'],
  ['username is missing', without('username'), 'params.username must be a non-empty string'],
  ['username is empty', grantWith({ username: '' }), 'params.username must be a non-empty string'],
  ['permission is missing', without('permission'), 'params.permission must be a non-empty string'],
  ['resource_type is missing', without('resource_type'), 'params.resource_type must be a non-empty string'],
  ['resource_type is missing on list-resources', { event_type: 'list-resources', params: { custom_parameters: VALID_CUSTOM_PARAMETERS } }, 'params.resource_type must be a non-empty string'],
  ['resources is a string', grantWith({ resources: SECRET }), 'params.resources must be a non-empty array of non-empty strings'],
  ['resources holds a number', grantWith({ resources: ['proj-1', 7] }), 'params.resources must be a non-empty array of non-empty strings'],
  ['resources holds an object', grantWith({ resources: [{ id: SECRET }] }), 'params.resources must be a non-empty array of non-empty strings'],
  ['resources is empty', grantWith({ resources: [] }), 'params.resources must be a non-empty array of non-empty strings'],
  ['custom_parameters is a string', grantWith({ custom_parameters: SECRET }), 'params.custom_parameters must be an object'],
  ['custom_parameters fails the integration class', grantWith({ custom_parameters: { base_url: SECRET } }), 'params.custom_parameters.base_url must be a URL address'],
  ['custom_parameters lacks a required field', grantWith({ custom_parameters: { api_token: SECRET } }), 'params.custom_parameters.base_url is required: must be a URL address'],
  ['a custom parameter has the wrong type', grantWith({ custom_parameters: { ...VALID_CUSTOM_PARAMETERS, api_token: 42 } }), 'params.custom_parameters.api_token must be a string'],
  ['params has a __proto__ key', JSON.parse(`{"event_type":"grant-access","params":{"__proto__":{"polluted":"${SECRET}"}}}`), 'event.params.__proto__ is not allowed'],
  ['custom_parameters has a constructor key', grantWith({ custom_parameters: { ...VALID_CUSTOM_PARAMETERS, constructor: { prototype: { polluted: SECRET } } } }), 'event.params.custom_parameters.constructor is not allowed'],
  ['the event has a nested __proto__ key', JSON.parse(`{"event_type":"get-status","params":{"custom_parameters":{"x":[{"__proto__":{"polluted":"${SECRET}"}}]}}}`), 'event.params.custom_parameters.x[0].__proto__ is not allowed'],
];

describe('bad input', () => {
  it.each(rows)('refuses an event where %s, naming the field and the rule', async (_case, event, expected) => {
    // Prepare
    const fake = new FakeDirectory();
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: fake }] });

    // Act
    const outcome = harness.invoke(event);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining(expected) });
    expect(fake.calls).toEqual([]);
  });

  it.each(rows)('never echoes a value when %s', async (_case, event) => {
    // Prepare
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: new FakeDirectory() }] });

    // Act
    await harness.invoke(event).catch(() => undefined);

    // Assess
    expect(harness.capturedText()).not.toContain(SECRET);
    expect(harness.capturedText()).toContain('InvalidEventError');
  });

  it('leaves Object.prototype untouched after __proto__ and constructor payloads', async () => {
    // Prepare
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: new FakeDirectory() }] });
    const payloads = rows.filter(([name]) => /__proto__|constructor/.test(name)).map(([, event]) => event);

    // Act
    for (const event of payloads) await harness.invoke(event).catch(() => undefined);

    // Assess
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('ignores params fields the protocol does not define, and logs their names once', async () => {
    // Prepare
    const fake = new FakeDirectory();
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: fake }] });

    // Act
    await harness.invoke(grantWith({ new_apono_field: 'x' }));
    await harness.invoke(grantWith({ grant_id: 'g-2', new_apono_field: 'x' }));

    // Assess
    expect(fake.calls).toHaveLength(2);
    const warnings = harness.logs.filter((l) => l.message.includes('does not define'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.ignored_fields).toEqual(['new_apono_field']);
  });

  it('names an ignored field whole when the event type has a colon (apono-lambda-kit:reconcile)', async () => {
    // Prepare
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: new FakeDirectory() }] });

    // Act
    await harness.invoke({ event_type: 'apono-lambda-kit:reconcile', params: { resource_types: ['project'], dry_run: true, custom_parameters: VALID_CUSTOM_PARAMETERS, extra_field: 'x' } }).catch(() => undefined);

    // Assess
    const warnings = harness.logs.filter((l) => l.message.includes('does not define'));
    expect(warnings.map((w) => w.ignored_fields)).toEqual([['extra_field']]);
  });
});
