import { resolveQualifier } from '../../src/cli/server/function-name';
import { installLogCapture, tailBytes, withCapturedLog } from '../../src/cli/server/invocation-log';

/** The two readings the Invoke API makes for `LogType: 'Tail'` and `Qualifier`, unit by unit. */

describe('tailBytes: the last bytes of a log, as X-Amz-Log-Result carries them', () => {
  test('a log within the limit is answered whole', () => {
    // Act
    const tail = tailBytes('one\ntwo\n', 4096);

    // Assess
    expect(tail).toBe('one\ntwo\n');
  });

  test('a longer log is cut at the start of its first whole line within the limit', () => {
    // Prepare
    const log = `${'a'.repeat(10)}\n${'b'.repeat(10)}\n${'c'.repeat(10)}\n`;

    // Act
    const tail = tailBytes(log, 25);

    // Assess
    expect(tail).toBe(`${'b'.repeat(10)}\n${'c'.repeat(10)}\n`);
  });

  test('a line that ends exactly at the cut is kept out, the next one kept whole', () => {
    // Act
    const tail = tailBytes('abc\ndef\n', 4);

    // Assess
    expect(tail).toBe('def\n');
  });

  test('a tail that is all one line is cut inside it, at most the limit in bytes', () => {
    // Act
    const tail = tailBytes('x'.repeat(100), 10);

    // Assess
    expect(tail).toBe('x'.repeat(10));
  });

  test('a cut never splits a UTF-8 sequence', () => {
    // Prepare: "é" is two bytes, so a 5-byte limit lands inside one
    const log = 'éééééé';

    // Act
    const tail = tailBytes(log, 5);

    // Assess
    expect(tail).toBe('éé');
    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(5);
  });

  test('the limit is in bytes, not characters', () => {
    // Prepare: 3 characters, 9 bytes
    const log = '€€€';

    // Act
    const tail = tailBytes(log, 6);

    // Assess
    expect(tail).toBe('€€');
  });
});

describe('the captured log of an invocation', () => {
  /** Runs `writes` on stdout under capture, with the terminal write silenced. */
  async function captured(writes: string[]): Promise<string> {
    const terminalWrite = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const uninstall = installLogCapture();
    try {
      return (
        await withCapturedLog(async () => {
          for (const text of writes) process.stdout.write(text);
        })
      ).log;
    } finally {
      uninstall();
      process.stdout.write = terminalWrite;
    }
  }

  test('a long write followed by a short one keeps enough for the 4 KB tail', async () => {
    // Act
    const log = await captured([`${'x'.repeat(8190)}\n`, 'short\n']);

    // Assess
    expect(log.length).toBeGreaterThanOrEqual(8 * 1024);
    expect(log.endsWith('x\nshort\n')).toBe(true);
  });

  test('one huge write is kept only as far as the tail needs', async () => {
    // Act
    const log = await captured(['y'.repeat(1_000_000), 'end\n']);

    // Assess
    expect(log.length).toBeLessThanOrEqual(16 * 1024);
    expect(log.endsWith('yend\n')).toBe(true);
  });
});

describe('resolveQualifier: the version an Invoke request executes', () => {
  test('no qualifier executes $LATEST', () => {
    // Act
    const resolved = resolveQualifier(null, undefined);

    // Assess
    expect(resolved).toEqual({ executedVersion: '$LATEST' });
  });

  test('a version number in the query executes that version', () => {
    // Act
    const resolved = resolveQualifier('7', undefined);

    // Assess
    expect(resolved).toEqual({ executedVersion: '7' });
  });

  test('a version number in the FunctionName executes that version', () => {
    // Act
    const resolved = resolveQualifier(null, '12');

    // Assess
    expect(resolved).toEqual({ executedVersion: '12' });
  });

  test('an alias executes $LATEST, the one code the local endpoint has', () => {
    // Act
    const resolved = resolveQualifier('live', 'live');

    // Assess
    expect(resolved).toEqual({ executedVersion: '$LATEST' });
  });

  test('an empty query qualifier defers to the FunctionName', () => {
    // Act
    const resolved = resolveQualifier('', '3');

    // Assess
    expect(resolved).toEqual({ executedVersion: '3' });
  });

  test('a query qualifier that differs from the FunctionName one is a mismatch', () => {
    // Act
    const resolved = resolveQualifier('live', 'beta');

    // Assess
    expect(resolved).toEqual({ mismatch: true });
  });

  test('a qualifier outside the pattern is malformed, with the value for the error message', () => {
    // Act
    const resolved = resolveQualifier('a.b', undefined);

    // Assess
    expect(resolved).toEqual({ malformed: 'pattern', value: 'a.b' });
  });

  test('a qualifier longer than 128 characters is malformed by length', () => {
    // Act
    const resolved = resolveQualifier('q'.repeat(129), undefined);

    // Assess
    expect(resolved).toMatchObject({ malformed: 'length' });
  });
});
