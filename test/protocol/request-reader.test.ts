import { GrantRequest } from '../../src/protocol/requests';
import { RequestReader } from '../../src/protocol/request-reader';

const params = {
  grant_id: 'g-1', username: 'dana@example.com', resource_type: 'project', resources: ['proj-1', 'proj-2'], permission: 'reader',
  custom_parameters: { base_url: 'http://portal' },
};

describe('RequestReader', () => {
  it('maps every wire field to its camelCase property as the class\'s @Expose names say', () => {
    // Prepare
    const reader = new RequestReader(GrantRequest, undefined);

    // Act
    const { request } = reader.read(structuredClone(params));

    // Assess
    expect(request).toBeInstanceOf(GrantRequest);
    expect({ ...request }).toEqual({
      grantId: 'g-1', username: 'dana@example.com', resourceType: 'project', resources: ['proj-1', 'proj-2'], permission: 'reader',
      customParameters: { base_url: 'http://portal' },
    });
  });

  it('copies arrays, so the request never aliases the event', () => {
    // Prepare
    const reader = new RequestReader(GrantRequest, undefined);
    const event = structuredClone(params);

    // Act
    const { request } = reader.read(event);
    event.resources.push('proj-3');

    // Assess
    expect(request.resources).toEqual(['proj-1', 'proj-2']);
  });

  it('reports the params fields no @Expose names as stripped', () => {
    // Prepare
    const reader = new RequestReader(GrantRequest, undefined);

    // Act
    const { request, strippedFields } = reader.read({ ...structuredClone(params), approver: 'x', ttl_hours: 4 });

    // Assess
    expect(strippedFields).toEqual(['approver', 'ttl_hours']);
    expect(request).not.toHaveProperty('approver');
  });
});
