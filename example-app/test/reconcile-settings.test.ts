import { reconcileOptionsFrom, RECONCILE_REVOKE_UNRECORDED } from '../src/reconcile-settings';

describe('reconcile’s options come from the function’s configuration', () => {
  test('without RECONCILE_REVOKE_UNRECORDED, hand-made access is reported only', () => {
    // Act
    const options = reconcileOptionsFrom({});

    // Assess
    expect(options).toEqual({ revokeUnrecorded: false });
  });

  test.each([
    ['true', true],
    [' TRUE ', true],
    ['false', false],
    ['', false],
  ])('RECONCILE_REVOKE_UNRECORDED=%p sets revokeUnrecorded to %p', (value, expected) => {
    // Act
    const options = reconcileOptionsFrom({ [RECONCILE_REVOKE_UNRECORDED]: value });

    // Assess
    expect(options).toEqual({ revokeUnrecorded: expected });
  });

  test.each(['yes', '1', 'on'])('refuses RECONCILE_REVOKE_UNRECORDED=%p at cold start rather than guess', (value) => {
    // Act
    const read = () => reconcileOptionsFrom({ [RECONCILE_REVOKE_UNRECORDED]: value });

    // Assess
    expect(read).toThrow(/RECONCILE_REVOKE_UNRECORDED must be true or false/);
  });
});
