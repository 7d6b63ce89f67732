import { pinnedPortalOrigin, portalOriginFor } from '../../src/admin-api-key/pinned-portal-origin';

describe('pinnedPortalOrigin: the portal origin from the function’s configuration', () => {
  test.each([
    ['https://portal.internal.example.com', 'https://portal.internal.example.com'],
    ['https://portal.internal.example.com:443/', 'https://portal.internal.example.com'],
    ['https://portal.internal.example.com:8443', 'https://portal.internal.example.com:8443'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ])('accepts %s as %s', (configured, expected) => {
    // Act
    const origin = pinnedPortalOrigin({ PORTAL_ORIGIN: configured });

    // Assess
    expect(origin).toBe(expected);
  });

  test.each([
    ['unset', undefined, /set PORTAL_ORIGIN/],
    ['not a URL', 'portal.internal', /must be an origin/],
    ['with a path', 'https://portal.internal.example.com/admin', /origin only/],
    ['with credentials', 'https://user:pass@portal.internal.example.com', /origin only/],
    ['plain http to another machine', 'http://portal.internal.example.com', /must use https/],
    ['plain http to a host that only starts like loopback', 'http://127.0.0.1.example.com', /must use https/],
  ])('refuses a PORTAL_ORIGIN that is %s', (_case, configured, message) => {
    // Act
    const attempt = () => pinnedPortalOrigin({ PORTAL_ORIGIN: configured });

    // Assess
    expect(attempt).toThrow(message);
  });
});

describe('portalOriginFor: base_url is accepted only on the pinned origin', () => {
  const PINNED = 'https://portal.internal.example.com';

  test('accepts a base_url on the pinned origin, whatever its path or explicit default port', () => {
    // Act
    const origins = ['https://portal.internal.example.com', 'https://portal.internal.example.com:443/ui/'].map((url) => portalOriginFor(url, PINNED));

    // Assess
    expect(origins).toEqual([PINNED, PINNED]);
  });

  test.each([
    'http://portal.internal.example.com',
    'https://portal.internal.example.com:8443',
    'https://portal.internal.example.com.attacker.example',
    'https://portal.internal.example.com@attacker.example',
    'https://attacker.example/?u=https://portal.internal.example.com',
  ])('refuses %s, naming the rule and the pinned origin', (baseUrl) => {
    // Act
    const attempt = () => portalOriginFor(baseUrl, PINNED);

    // Assess
    expect(attempt).toThrow(`must have the portal origin pinned in the function's configuration (PORTAL_ORIGIN=${PINNED})`);
  });
});
