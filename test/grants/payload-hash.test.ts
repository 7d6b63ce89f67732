import fc from 'fast-check';
import { credentialIdFor, hashGrantPayload } from '../../src/grants/records';

const payload = fc.record({
  username: fc.string(),
  resourceType: fc.string(),
  resources: fc.array(fc.string(), { maxLength: 6 }),
  permission: fc.string(),
});

describe('hashGrantPayload', () => {
  it('ignores the order of resources', () => {
    fc.assert(
      fc.property(payload, (p) => {
        // Prepare
        const shuffled = [...p.resources].reverse();
        // Act / Assess
        expect(hashGrantPayload({ ...p, resources: shuffled })).toBe(hashGrantPayload(p));
      }),
    );
  });

  it('tells apart payloads that differ in any field, even when joined strings would collide', () => {
    fc.assert(
      fc.property(payload, payload, (a, b) => {
        // Prepare
        const same =
          a.username === b.username &&
          a.resourceType === b.resourceType &&
          a.permission === b.permission &&
          JSON.stringify([...a.resources].sort()) === JSON.stringify([...b.resources].sort());
        fc.pre(!same);
        // Act / Assess
        expect(hashGrantPayload(a)).not.toBe(hashGrantPayload(b));
      }),
    );
    expect(hashGrantPayload({ username: 'u', resourceType: 't', resources: ['a,b'], permission: 'p' })).not.toBe(
      hashGrantPayload({ username: 'u', resourceType: 't', resources: ['a', 'b'], permission: 'p' }),
    );
  });

  it('is a hex sha256', () => {
    // Act / Assess
    expect(hashGrantPayload({ username: 'u', resourceType: 't', resources: [], permission: 'p' })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('credentialIdFor', () => {
  it('ignores the order of resources and differs from the grant hash of the same fields', () => {
    // Prepare
    const key = { username: 'u', resourceType: 't', resources: ['b', 'a'] };
    // Act
    const id = credentialIdFor(key);
    // Assess
    expect(credentialIdFor({ ...key, resources: ['a', 'b'] })).toBe(id);
    expect(credentialIdFor({ ...key, username: 'v' })).not.toBe(id);
    expect(hashGrantPayload({ ...key, permission: '' })).not.toBe(id);
  });
});
