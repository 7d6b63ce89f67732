import { RecordLimits } from '../../src/grants/constants';
import { boundedHistory, boundErrorMessage } from '../../src/grants/record-bounds';

const MAX_BYTES = RecordLimits.maxErrorMessageBytes;
const MAX_ENTRIES = RecordLimits.maxHistoryEntries;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('boundErrorMessage', () => {
  it('keeps a message that fits unchanged, up to exactly the limit', () => {
    // Prepare
    const short = 'portal said 500';
    const exact = 'x'.repeat(MAX_BYTES);
    // Act / Assess
    expect(boundErrorMessage(short)).toBe(short);
    expect(boundErrorMessage(exact)).toBe(exact);
  });

  it('cuts a longer message to the limit, keeping its start and saying how long it was', () => {
    // Prepare
    const message = `portal said 500: ${'x'.repeat(8 * 1024)}`;
    // Act
    const bounded = boundErrorMessage(message);
    // Assess
    expect(bytes(bounded)).toBeLessThanOrEqual(MAX_BYTES);
    expect(bytes(bounded)).toBeGreaterThan(MAX_BYTES - 8);
    expect(message.startsWith(bounded.slice(0, bounded.indexOf('…')))).toBe(true);
    expect(bounded).toMatch(new RegExp(`… \\[truncated from ${bytes(message)} bytes\\]$`));
  });

  it('never splits a character: 2-, 3- and 4-byte characters survive the cut whole', () => {
    for (const character of ['é', '€', '🔑']) {
      // Prepare
      const message = character.repeat(MAX_BYTES);
      // Act
      const bounded = boundErrorMessage(message);
      // Assess
      const kept = bounded.slice(0, bounded.indexOf('…'));
      expect(bytes(bounded)).toBeLessThanOrEqual(MAX_BYTES);
      expect(kept).toBe(character.repeat(kept.length / character.length));
      expect(Buffer.from(bounded, 'utf8').toString('utf8')).toBe(bounded);
    }
  });
});

describe('boundedHistory', () => {
  const entries = (count: number) => Array.from({ length: count }, (_, i) => i);

  it('keeps a history with room for one more entry unchanged (as a copy)', () => {
    // Prepare
    const history = entries(MAX_ENTRIES - 1);
    // Act
    const kept = boundedHistory(history);
    // Assess
    expect(kept).toEqual(history);
    expect(kept).not.toBe(history);
  });

  it('keeps the first entry and the most recent ones, leaving room for the entry about to be appended', () => {
    // Prepare
    const history = entries(MAX_ENTRIES * 3);
    // Act
    const kept = boundedHistory(history);
    // Assess
    expect(kept).toHaveLength(MAX_ENTRIES - 1);
    expect(kept[0]).toBe(0);
    expect(kept.slice(1)).toEqual(history.slice(-(MAX_ENTRIES - 2)));
  });
});
