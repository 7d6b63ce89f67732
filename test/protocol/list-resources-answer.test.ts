import { buildListResourcesAnswer } from '../../src/protocol/answers';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../src/protocol/constants';
import type { ListResourcesResult } from 'apono-lambda-kit';

const permissions = [{ id: 'reader', name: 'Reader' }];
const METHOD = 'PortalIntegration.projects';

describe('list-resources answer', () => {
  it('fills type from the request and keeps metadata', () => {
    // Prepare
    const result: ListResourcesResult = { resources: [{ id: 'a', name: 'A', metadata: { environment: 'prod' } }], permissions };

    // Act
    const answer = buildListResourcesAnswer(result, 'project', METHOD);

    // Assess
    expect(answer).toEqual({ resources: [{ id: 'a', name: 'A', type: 'project', metadata: { environment: 'prod' } }], permissions });
  });

  it.each([
    ['an empty id', [{ id: '', name: 'A' }], /resources\[0\]\.id must be a non-empty string/],
    ['a missing name', [{ id: 'a' }], /resources\[0\]\.name must be a non-empty string/],
    ['a duplicated id', [{ id: 'a', name: 'A' }, { id: 'a', name: 'B' }], /resources\[1\]\.id "a" is used twice; resource ids must be unique/],
    ['a numeric metadata value', [{ id: 'a', name: 'A', metadata: { cost: 3 } }], /resources\[0\]\.metadata\.cost must be a string/],
    ['metadata that is an array', [{ id: 'a', name: 'A', metadata: ['x'] }], /resources\[0\]\.metadata must be an object of string values/],
  ])('refuses %s, naming the method and the rule', (_case, resources, expected) => {
    // Act
    const act = () => buildListResourcesAnswer({ resources, permissions } as unknown as ListResourcesResult, 'project', METHOD);

    // Assess
    expect(act).toThrow(expect.objectContaining({ name: 'InvalidAnswerError', message: expect.stringMatching(expected) }));
    expect(act).toThrow(METHOD);
  });

  it('refuses duplicated permission ids', () => {
    // Act
    const act = () => buildListResourcesAnswer({ resources: [], permissions: [...permissions, ...permissions] }, 'project', METHOD);

    // Assess
    expect(act).toThrow(/permissions\[1\]\.id "reader" is used twice/);
  });

  it('refuses a method that returns nothing', () => {
    // Act
    const act = () => buildListResourcesAnswer(undefined, 'project', METHOD);

    // Assess
    expect(act).toThrow(`${METHOD} must return { resources, permissions }`);
  });

  it('refuses an answer over Lambda\'s 6 MB limit, naming the size and the limit', () => {
    // Prepare: 40 000 resources of ~170 bytes each, about 6.8 MB serialized
    const resources = Array.from({ length: 40_000 }, (_, i) => ({ id: `arn:aws:rds:us-east-1:123456789012:db:database-${i}`, name: `Database number ${i} of the fleet`, metadata: { environment: 'production', owner: 'team-platform' } }));

    // Act
    const act = () => buildListResourcesAnswer({ resources, permissions }, 'database', METHOD);

    // Assess
    expect(act).toThrow(expect.objectContaining({
      name: 'ResponseTooLargeError',
      message: expect.stringMatching(new RegExp(`answer is \\d{7} bytes; a synchronous Lambda response may be at most ${LAMBDA_RESPONSE_LIMIT_BYTES} bytes`)),
    }));
  });

  it('accepts an answer just under the limit', () => {
    // Prepare: 30 000 resources, about 5.1 MB serialized
    const resources = Array.from({ length: 30_000 }, (_, i) => ({ id: `arn:aws:rds:us-east-1:123456789012:db:database-${i}`, name: `Database number ${i} of the fleet`, metadata: { environment: 'production', owner: 'team-platform' } }));

    // Act
    const answer = buildListResourcesAnswer({ resources, permissions }, 'database', METHOD);

    // Assess
    expect(answer.resources).toHaveLength(30_000);
    expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(LAMBDA_RESPONSE_LIMIT_BYTES);
  });
});
