import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AdminApiKeyVariables } from '../src/admin-api-key/admin-api-key-environment';
import { pinnedPortalOrigin } from '../src/admin-api-key/pinned-portal-origin';

const TEMPLATE = readFileSync(path.join(__dirname, '../template.yaml'), 'utf8');

/** The AllowedPattern of the template's PortalOrigin parameter. */
function portalOriginPattern(): RegExp {
  const block = /\n {2}PortalOrigin:\n([\s\S]*?)\n {2}\w/.exec(TEMPLATE)?.[1] ?? '';
  const pattern = /AllowedPattern: '([^']+)'/.exec(block)?.[1];
  if (pattern === undefined) throw new Error('template.yaml has no AllowedPattern on PortalOrigin');
  return new RegExp(pattern);
}

describe('template.yaml pins the portal origin in the function’s configuration', () => {
  test('sets the variable the function reads from the PortalOrigin parameter', () => {
    // Assess
    expect(TEMPLATE).toContain(`${AdminApiKeyVariables.portalOrigin}: !Ref PortalOrigin`);
  });

  test.each(['https://portal.internal.example.com', 'https://portal.internal.example.com:8443'])(
    'accepts %s, which the function accepts too',
    (origin) => {
      // Act
      const accepted = portalOriginPattern().test(origin);

      // Assess
      expect(accepted).toBe(true);
      expect(pinnedPortalOrigin({ PORTAL_ORIGIN: origin })).toBe(origin);
    },
  );

  test.each(['http://portal.internal.example.com', 'https://portal.internal.example.com/admin', 'https://user@portal.internal.example.com', ''])(
    'refuses %p at deploy time',
    (origin) => {
      // Act
      const accepted = portalOriginPattern().test(origin);

      // Assess
      expect(accepted).toBe(false);
    },
  );
});
