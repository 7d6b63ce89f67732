import { parseFunctionName } from '../../src/cli/server/function-name';

describe('FunctionName parsing', () => {
  test('takes the name, qualifier, region and account out of a qualified ARN', () => {
    // Act
    const parsed = parseFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:portal:live');

    // Assess
    expect(parsed).toEqual({ name: 'portal', qualifier: 'live', partition: 'aws', region: 'eu-west-1', accountId: '123456789012', form: 'arn' });
  });

  test('reads account:function:name as a partial ARN', () => {
    // Act
    const parsed = parseFunctionName('123456789012:function:portal');

    // Assess
    expect(parsed).toEqual({ name: 'portal', accountId: '123456789012', form: 'partial-arn' });
  });

  test('reads a pattern-valid shape outside the three documented forms as naming no function', () => {
    // Act
    const parsed = parseFunctionName('function:portal');

    // Assess
    expect(parsed).toMatchObject({ name: 'portal', form: 'other' });
  });

  test('calls a value with text before ":function:" malformed', () => {
    // Act
    const parsed = parseFunctionName('evil:function:portal');

    // Assess
    expect(parsed).toEqual({ malformed: 'pattern' });
  });
});
