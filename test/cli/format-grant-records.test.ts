import { formatGrantRecord } from '../../src/cli/commands/ledger-commands';
import type { GrantRecord } from '../../src/grants/records';

const AT_MS = Date.UTC(2026, 0, 2, 3, 4, 5);

/** A revoked record whose revoke-access named other resources than the grant: the ledger keeps a note on that step. */
function revokedWithMismatchNote(note: string): GrantRecord {
  return {
    grantId: 'g-1',
    username: 'dana@example.com',
    resourceType: 'project',
    resources: ['proj-billing'],
    permission: 'reader',
    payloadHash: 'hash',
    status: 'REVOKED',
    createdAtMs: AT_MS,
    updatedAtMs: AT_MS + 2_000,
    history: [
      { to: 'GRANTING', atMs: AT_MS, by: 'req-1' },
      { from: 'GRANTING', to: 'GRANTED', atMs: AT_MS + 1_000, by: 'req-1' },
      { from: 'GRANTED', to: 'REVOKING', atMs: AT_MS + 2_000, by: 'req-2', note },
      { from: 'REVOKING', to: 'REVOKED', atMs: AT_MS + 2_000, by: 'req-2' },
    ],
  };
}

describe('grants show: one record as text', () => {
  test('shows a history note (a revoke whose payload differs from the grant) on the line of its transition', () => {
    // Prepare
    const note = 'revoke-access payload differs from the recorded grant; the recorded grant was revoked';
    const record = revokedWithMismatchNote(note);

    // Act
    const text = formatGrantRecord(record);

    // Assess
    const revokingLine = text.split('\n').find((line) => line.includes('GRANTED  -> REVOKING'));
    expect(revokingLine).toBeDefined();
    expect(revokingLine).toContain(`note: ${note}`);
  });

  test('adds nothing to transitions without a note', () => {
    // Prepare
    const record = revokedWithMismatchNote('a note');

    // Act
    const text = formatGrantRecord(record);

    // Assess
    const grantedLine = text.split('\n').find((line) => line.includes('GRANTING -> GRANTED'));
    expect(grantedLine).not.toContain('note:');
  });
});
