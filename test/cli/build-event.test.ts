import { buildEvent, parseKeyValuePairs } from '../../src/cli';
import { bareFunctionName } from '../../src/cli/server/function-name';

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

  test('builds a grant-access with every protocol field, overridden by --param and --custom', () => {
    // Act
    const event = buildEvent('grant-access', { params: { grant_id: 'g-1' }, customParameters: { base_url: 'http://x' } });

    // Assess
    expect(event).toEqual({
      event_type: 'grant-access',
      params: {
        grant_id: 'g-1',
        username: 'user@example.com',
        resource_type: 'resource',
        resources: ['resource-1'],
        permission: 'reader',
        custom_parameters: { base_url: 'http://x' },
      },
    });
  });

  test('takes the function name out of a qualified ARN', () => {
    // Assess
    expect(bareFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:portal:live')).toBe('portal');
  });
});
