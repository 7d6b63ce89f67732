import { consoleEvent } from '../../src/console/local-console';

/** What a page request turns into: the event the function gets, or an error naming the field. */
const settings = { resourceType: 'project', customParameters: { api_token: 'tok-123456' } };

describe('consoleEvent', () => {
  test('a grant request becomes a grant-access event with the settings the server holds', () => {
    // Act
    const event = consoleEvent({ action: 'grant-access', grantId: ' g-1 ', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' }, settings);

    // Assess
    expect(event).toEqual({
      event_type: 'grant-access',
      params: { grant_id: 'g-1', username: 'dana@example.com', resource_type: 'project', resources: ['proj-billing'], permission: 'reader', custom_parameters: settings.customParameters },
    });
  });

  test('an unknown action is refused with the list of actions', () => {
    // Act
    const act = () => consoleEvent({ action: 'drop-table' }, settings);

    // Assess
    expect(act).toThrow(/^action must be one of get-status, list-resources, grant-access/);
  });

  test('a bad field is refused naming the field and the rule, without echoing the value', () => {
    // Act
    const act = () => consoleEvent({ action: 'revoke-access', grantId: 'g-1', username: 'dana@example.com', resources: 'secret-value', permission: 'reader' }, settings);

    // Assess
    expect(act).toThrow('resources must be a list of 1 to 100 non-empty strings');
    expect(act).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-value') }));
  });

  test('no action runs before the resource type is set', () => {
    // Act
    const act = () => consoleEvent({ action: 'list-resources' }, { resourceType: '', customParameters: {} });

    // Assess
    expect(act).toThrow('set the resource type first (Settings)');
  });
});
