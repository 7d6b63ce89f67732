/** GrantMachine (DESIGN.md's table as data): every row walked through a real GrantLedger, and the table checked for gaps. */
import { isDeepStrictEqual } from 'node:util';
import { GrantLedger } from '../../src/grants/grant-ledger';
import {
  GrantMachine, grantMachineRow, grantMachineRowMatches, type GrantEvent, type GrantMachineKey, type GrantMachineRow,
} from '../../src/grants/grant-machine';
import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import { GrantStatus, type GrantIntent, type GrantRecord } from '../../src/grants/records';
import { anIntent, LOCK_MS, seedRecord, TestClock } from './grant-fixtures';

/** A row as the test title prints it: `grant-access | GRANTED | lock any | same payload → replay`. */
function printRow(row: GrantMachineRow): string {
  const lock = row.lockLive === 'any' ? 'lock any' : row.lockLive ? 'lock live' : 'no live lock';
  const payload = row.samePayload === 'any' ? 'any payload' : row.samePayload ? 'same payload' : 'other payload';
  let outcome: string;
  if (row.action === 'run') {
    const tombstone = 'tombstone' in row ? ' tombstone' : '';
    outcome = `run under ${row.lockStatus}${tombstone}, then ${row.afterSuccess} (on failure ${row.afterFailure})`;
  } else {
    outcome = row.action === 'refuse' ? `refuse with ${row.error}` : 'replay';
  }
  return `${row.event} | ${row.found} | ${lock} | ${payload} → ${outcome}`;
}

/** The lock a seeded record holds: another invocation's, live or expired, or none at all. */
type LockState = 'live' | 'expired' | 'unlocked';

/** One concrete case of a row: its `'any'` and `false` spelled out, so every record the row claims is walked. */
interface Variant {
  lock: LockState;
  samePayload: boolean;
}

function variantsOf(row: GrantMachineRow): Variant[] {
  // No record: no lock, and no payload to compare.
  if (row.found === 'none') return [{ lock: 'unlocked', samePayload: true }];
  const locks: LockState[] = row.lockLive === 'any' ? ['live', 'expired', 'unlocked'] : row.lockLive ? ['live'] : ['expired', 'unlocked'];
  const payloads = row.samePayload === 'any' ? [true, false] : [row.samePayload];
  return locks.flatMap((lock) => payloads.map((samePayload) => ({ lock, samePayload })));
}

function printVariant(variant: Variant): string {
  return `${variant.lock === 'unlocked' ? 'no lock' : `lock ${variant.lock}`}, ${variant.samePayload ? 'same' : 'other'} payload`;
}

interface Walk {
  row: GrantMachineRow;
  variant: Variant;
  store: MemoryGrantStore;
  clock: TestClock;
  ledger: GrantLedger;
  request: GrantIntent;
  seeded: GrantRecord | undefined;
}

/** A fresh ledger whose store holds the record the row found (seeded as a crashed invocation left it). */
async function prepareWalk(row: GrantMachineRow, variant: Variant): Promise<Walk> {
  const store = new MemoryGrantStore();
  const clock = new TestClock();
  const ledger = new GrantLedger(store, { now: clock.now });
  const recorded = anIntent();
  let seeded: GrantRecord | undefined;
  if (row.found !== 'none') {
    seeded = await seedRecord(store, recorded, row.found, variant.lock === 'unlocked' ? {} : { lockExpiresAtMs: clock.nowMs + LOCK_MS });
    // Exactly at its expiry: a lock with 0 ms left is expired.
    if (variant.lock === 'expired') clock.advance(LOCK_MS);
  }
  const request = variant.samePayload ? recorded : { ...recorded, permission: 'admin' };
  return { row, variant, store, clock, ledger, request, seeded };
}

/** What one event did, in the row's terms. */
interface Observed {
  variant: string;
  /** How many times the method ran. */
  ran: number;
  /** The record's status (and lock owner) while the method ran. */
  lockedAs?: { status: GrantStatus | undefined; by: string | undefined };
  /** `@Revoke`'s argument: the record, or nothing (a grant_id with no tracked grant). */
  revokeGot?: 'record' | 'nothing';
  /** 'ran' / 'replayed' for an answer; the error's name for a refusal; 'the method error' for the method's own. */
  result: string;
  status: GrantStatus | undefined;
  locked: boolean;
  /** False when the event wrote nothing: the record is exactly as seeded. */
  written: boolean;
  lastError?: string;
  tombstone?: boolean;
}

const METHOD_ERROR = 'portal down (row walk)';

/** Runs the row's event on the walk's ledger with a method that succeeds or throws. */
async function walk(w: Walk, method: 'succeeds' | 'throws'): Promise<Observed> {
  const failure = new Error(METHOD_ERROR);
  const lock = w.clock.lock('req-walk');
  let lockedAs: Observed['lockedAs'];
  let revokeGot: Observed['revokeGot'];
  const body = jest.fn(async () => {
    const locked = await w.store.get(w.request.grantId);
    lockedAs = { status: locked?.status, by: locked?.lockOwner };
    if (method === 'throws') throw failure;
  });
  let result: string;
  try {
    const outcome = w.row.event === 'grant-access'
      ? await w.ledger.grant(w.request, lock, async () => { await body(); return { data: { walked: true } }; })
      : await w.ledger.revoke(w.request, lock, async (record) => { revokeGot = record === undefined ? 'nothing' : 'record'; await body(); });
    result = outcome.replayed ? 'replayed' : 'ran';
  } catch (err) {
    result = err === failure ? 'the method error' : (err as Error).name;
  }
  const stored = await w.store.get(w.request.grantId);
  return {
    variant: printVariant(w.variant),
    ran: body.mock.calls.length,
    ...(lockedAs === undefined ? {} : { lockedAs }),
    ...(revokeGot === undefined ? {} : { revokeGot }),
    result,
    status: stored?.status,
    locked: stored?.lockOwner !== undefined,
    written: !isDeepStrictEqual(stored, w.seeded),
    ...(stored?.lastError === undefined ? {} : { lastError: stored.lastError }),
    ...(stored?.tombstone === undefined ? {} : { tombstone: stored.tombstone }),
  };
}

/** What the row says the event does when the method (if it runs) succeeds. */
function expectedOnSuccess(w: Walk): Observed {
  const { row, seeded } = w;
  const variant = printVariant(w.variant);
  if (row.action === 'run') {
    const tombstone = 'tombstone' in row;
    return {
      variant,
      ran: 1,
      lockedAs: { status: row.lockStatus, by: 'req-walk' },
      ...(row.event === 'revoke-access' ? { revokeGot: tombstone ? 'nothing' : 'record' } : {}),
      result: 'ran',
      status: row.afterSuccess,
      locked: false,
      written: true,
      ...(tombstone ? { tombstone: true } : {}),
    };
  }
  // A refusal or a replay writes nothing: the record stays as found, lock and all.
  return {
    variant,
    ran: 0,
    result: row.action === 'refuse' ? row.error : 'replayed',
    status: seeded?.status,
    locked: seeded?.lockOwner !== undefined,
    written: false,
  };
}

type RunRow = Extract<GrantMachineRow, { action: 'run' }>;
const isRunRow = <R extends GrantMachineRow>(row: R): row is Extract<R, RunRow> => row.action === 'run';

/** What the row says the event leaves when its method throws. */
function expectedOnFailure(w: Walk, row: RunRow): Observed {
  const tombstone = 'tombstone' in row;
  return {
    variant: printVariant(w.variant),
    ran: 1,
    lockedAs: { status: row.lockStatus, by: 'req-walk' },
    ...(row.event === 'revoke-access' ? { revokeGot: tombstone ? 'nothing' : 'record' } : {}),
    result: 'the method error',
    status: row.afterFailure === 'previous' ? w.seeded?.status : row.afterFailure,
    locked: false,
    written: true,
    lastError: METHOD_ERROR,
    ...(tombstone ? { tombstone: true } : {}),
  };
}


describe('GrantMachine: DESIGN.md table, row by row through GrantLedger on a MemoryGrantStore', () => {
  it.each(GrantMachine.map((row) => [printRow(row), row] as const))('%s', async (_title, row) => {
    // Prepare
    const walks = await Promise.all(variantsOf(row).map((variant) => prepareWalk(row, variant)));
    // Act
    const observed = await Promise.all(walks.map((w) => walk(w, 'succeeds')));
    // Assess
    expect(observed).toEqual(walks.map(expectedOnSuccess));
  });

  describe('the method throws', () => {
    it.each(GrantMachine.filter(isRunRow).map((row) => [printRow(row), row] as const))('%s', async (_title, row) => {
      // Prepare
      const walks = await Promise.all(variantsOf(row).map((variant) => prepareWalk(row, variant)));
      // Act
      const observed = await Promise.all(walks.map((w) => walk(w, 'throws')));
      // Assess
      expect(observed).toEqual(walks.map((w) => expectedOnFailure(w, row)));
    });
  });
});

describe('GrantMachine: no gaps, no overlaps', () => {
  const events: GrantEvent[] = ['grant-access', 'revoke-access'];
  const founds: Array<GrantStatus | 'none'> = ['none', ...Object.values(GrantStatus)];
  const keys: GrantMachineKey[] = events.flatMap((event) => founds.flatMap((found) =>
    [true, false].flatMap((lockLive) => [true, false].map((samePayload) => ({ event, found, lockLive, samePayload })))));

  /** A plain record the key describes (a live lock has 1 ms left; a lock expiring right now is not live). */
  function recordOf(key: GrantMachineKey, nowMs: number): GrantRecord | undefined {
    if (key.found === 'none') return undefined;
    return {
      grantId: 'g-1', username: 'ada@example.com', resourceType: 'project', resources: ['p'], permission: 'reader',
      payloadHash: 'recorded', status: key.found, lockOwner: 'other-invocation', lockExpiresAtMs: key.lockLive ? nowMs + 1 : nowMs,
      createdAtMs: 0, updatedAtMs: 0, history: [],
    };
  }

  it('matches every (event, status found or none, lock live, same payload) to exactly one row, the one grantMachineRow reads', () => {
    // Prepare
    const nowMs = 1_000;
    // Act
    const cases = keys.map((key) => ({
      key,
      matching: GrantMachine.filter((row) => grantMachineRowMatches(row, key)).map(printRow),
      read: printRow(grantMachineRow(key.event, recordOf(key, nowMs), key.samePayload ? 'recorded' : 'requested', nowMs)),
    }));
    // Assess
    expect(cases.filter(({ matching, read }) => matching.length !== 1 || matching[0] !== read)).toEqual([]);
  });

  it('reads a record without a lock as not locked', () => {
    // Prepare
    const record = { ...recordOf({ event: 'grant-access', found: 'GRANTING', lockLive: true, samePayload: true }, 0)!, lockExpiresAtMs: undefined, lockOwner: undefined };
    // Act
    const row = grantMachineRow('grant-access', record, 'recorded', 0);
    // Assess
    expect(row).toMatchObject({ found: 'GRANTING', lockLive: false, action: 'run' });
  });
});
