import fc from 'fast-check';
import { fromAttributeMap, fromAttributeValue, toAttributeMap, toAttributeValue } from '../../src/grants/dynamodb/record-items';

describe('DynamoDB attribute values', () => {
  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Prepare
        const json: unknown = JSON.parse(JSON.stringify(value));
        // Act
        const back = fromAttributeValue(toAttributeValue(json));
        // Assess
        expect(back).toEqual(json);
      }),
    );
  });

  it('skips undefined fields of maps, as JSON does', () => {
    // Act / Assess
    expect(toAttributeMap({ a: 1, b: undefined })).toEqual({ a: { N: '1' } });
  });

  it('keeps a __proto__ key as data instead of changing the prototype', () => {
    // Prepare
    const item = { ['__proto__']: { M: { polluted: { BOOL: true } } } };
    // Act
    const object = fromAttributeMap(JSON.parse(JSON.stringify(item)));
    // Assess
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.keys(object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses values DynamoDB cannot hold', () => {
    // Act / Assess
    expect(() => toAttributeValue(Number.NaN)).toThrow(TypeError);
    expect(() => toAttributeValue(() => 1)).toThrow(TypeError);
  });

  it('reads string and number sets as arrays', () => {
    // Act / Assess
    expect(fromAttributeValue({ SS: ['a'] })).toEqual(['a']);
    expect(fromAttributeValue({ NS: ['1.5'] })).toEqual([1.5]);
  });
});
