/**
 * Grant-access and revoke-access of one grant_id racing through separate GrantLedgers (separate Lambda
 * instances) that share one store, against a fake application whose access is what is checked: "300
 * grant/revoke races → no access left after an ok revoke", "50 concurrent duplicate grants → @Grant ran once".
 */
import fc from 'fast-check';
import { isIntegrationError } from '../../src/errors';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import type { GrantIntent, GrantRecord } from '../../src/grants/types/grant-record';
import { anIntent, TestClock, type StoreFactory } from './grant-fixtures';

/** Lambda instances (ledgers) sharing the store; a race may send two events to one, which its fence refuses. */
const INSTANCES = 4;
const RACES = 300;
const RACES_PER_BATCH = Number(process.env.BATCH ?? 50);
/** Attempts of one event, as Apono retries a retryable refusal (backoff 1–2, 1–4, … 1–16 ms). */
const MAX_ATTEMPTS = Number(process.env.ATTEMPTS ?? 12);

type EventKind = 'grant' | 'revoke';

interface RacePlan {
  /** Seeds what the plan leaves to chance at run time: method delays, retry backoff, the instance of a retry. */
  seed: number;
  events: { kind: EventKind; instance: number; startAfterMs: number }[];
}

/** One invocation of the ledger, stamped with the order in which it started and answered. */
interface Attempt {
  kind: EventKind;
  event: number;
  attempt: number;
  startedAt: number;
  answeredAt: number;
  /** 'ok' | 'replayed' | the error's name. */
  answer: string;
  retryable: boolean;
}

/** A small seeded PRNG (mulberry32), so a failing race can be replayed from its plan. */
function seededRandom(seed: number): (maxInclusive: number) => number {
  let state = seed >>> 0;
  return (maxInclusive) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * (maxInclusive + 1));
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** 0: the next macrotask (setImmediate); 1–4: a 0–3 ms timer. */
const smallDelay = (random: (max: number) => number) => {
  const pick = random(4);
  return pick === 0 ? new Promise<void>((resolve) => setImmediate(resolve)) : sleep(pick - 1);
};

/** The logical clock of a test: one tick per observation, so "after" is exact in one event loop. */
class Ticks {
  private value = 0;
  next(): number {
    return ++this.value;
  }
}

interface Membership {
  id: string;
  grantId: string;
  username: string;
  resources: string[];
  permission: string;
}

/**
 * An application granting access as memberships, like example-app's portal: `@Grant` adds one and
 * returns its id as `data`; `@Revoke` removes exactly the recorded one, or, with no record, whatever
 * matches the request. It also watches the bodies the ledger runs, per grant_id.
 */
class FakeApplication {
  private readonly memberships = new Map<string, Membership>();
  private nextId = 0;
  private readonly running = new Map<string, number>();
  readonly mostRunningAtOnce = new Map<string, number>();
  readonly grantBodyStarts = new Map<string, number[]>();
  /** Revokes that fell back to matching although @Grant had added a membership: its data was lost. */
  readonly fallbacksOverTrackedAccess: string[] = [];

  constructor(private readonly ticks: Ticks) {}

  /** Access keys (username|resource|permission) held now for the grant_id's user. */
  accessOf(intent: GrantIntent): string[] {
    return [...this.memberships.values()]
      .filter((m) => m.username === intent.username)
      .flatMap((m) => m.resources.map((resource) => `${m.username}|${resource}|${m.permission}`));
  }

  membershipsOf(grantId: string): Membership[] {
    return [...this.memberships.values()].filter((m) => m.grantId === grantId);
  }

  async grant(intent: GrantIntent, random: (max: number) => number): Promise<GrantMethodResult<{ membershipId: string }>> {
    const leave = this.enter(intent.grantId);
    (this.grantBodyStarts.get(intent.grantId) ?? this.grantBodyStarts.set(intent.grantId, []).get(intent.grantId)!).push(this.ticks.next());
    try {
      await smallDelay(random);
      const membership = { id: `m-${++this.nextId}`, grantId: intent.grantId, username: intent.username, resources: [...intent.resources], permission: intent.permission };
      this.memberships.set(membership.id, membership);
      return { data: { membershipId: membership.id } };
    } finally {
      leave();
    }
  }

  async revoke(intent: GrantIntent, record: GrantRecord | undefined, random: (max: number) => number): Promise<void> {
    const leave = this.enter(intent.grantId);
    try {
      await smallDelay(random);
      const membershipId = record?.data?.membershipId;
      if (typeof membershipId === 'string') {
        this.memberships.delete(membershipId);
        return;
      }
      if (this.membershipsOf(intent.grantId).length > 0) this.fallbacksOverTrackedAccess.push(intent.grantId);
      for (const m of [...this.memberships.values()]) {
        const same = m.username === intent.username && m.permission === intent.permission && [...m.resources].sort().join() === [...intent.resources].sort().join();
        if (same) this.memberships.delete(m.id);
      }
    } finally {
      leave();
    }
  }

  /** Counts a body of the grant_id as running (grant and revoke alike: the lock admits one at a time). */
  private enter(grantId: string): () => void {
    const now = (this.running.get(grantId) ?? 0) + 1;
    this.running.set(grantId, now);
    this.mostRunningAtOnce.set(grantId, Math.max(now, this.mostRunningAtOnce.get(grantId) ?? 0));
    return () => this.running.set(grantId, (this.running.get(grantId) ?? 1) - 1);
  }
}

/** The world of one batch: one store, its instances, the application, one logical clock. */
interface World {
  store: GrantStore;
  instances: GrantLedger[];
  clock: TestClock;
  app: FakeApplication;
  ticks: Ticks;
}

async function makeWorld(makeStore: StoreFactory, instances: number): Promise<World> {
  const store = await makeStore();
  const clock = new TestClock();
  const ticks = new Ticks();
  return { store, clock, ticks, app: new FakeApplication(ticks), instances: Array.from({ length: instances }, () => new GrantLedger(store, { now: clock.now })) };
}

/**
 * Sends one event as Apono would: a new invocation (own lock owner, live lock) per attempt, retried
 * with a growing random backoff while the refusal is retryable; a retry may land on any instance.
 */
async function sendEvent(
  world: World, intent: GrantIntent, kind: EventKind, event: number, firstInstance: number, random: (max: number) => number, log: Attempt[],
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ledger = world.instances[attempt === 0 ? firstInstance : random(world.instances.length - 1)]!;
    const lock = world.clock.lock(`${intent.grantId}:${kind}-${event}:try-${attempt}`);
    const startedAt = world.ticks.next();
    try {
      const outcome = kind === 'grant'
        ? await ledger.grant(intent, lock, () => world.app.grant(intent, random))
        : await ledger.revoke(intent, lock, (record) => world.app.revoke(intent, record, random));
      log.push({ kind, event, attempt, startedAt, answeredAt: world.ticks.next(), answer: outcome.replayed ? 'replayed' : 'ok', retryable: false });
      return;
    } catch (err) {
      const retryable = isIntegrationError(err) && err.retryable;
      log.push({ kind, event, attempt, startedAt, answeredAt: world.ticks.next(), answer: err instanceof Error ? err.name : String(err), retryable });
      if (!retryable) return;
      await sleep(1 + random(2 ** Math.min(attempt + Number(process.env.BASE ?? 1), Number(process.env.CAP ?? 4)) - 1));
    }
  }
}

/** Fires the plan's events for a fresh grant_id at once (each after its own 0–3 ms), and waits for all. */
async function runRace(world: World, plan: RacePlan, race: number): Promise<{ intent: GrantIntent; log: Attempt[] }> {
  const intent = anIntent({ username: `user-${race}@example.com` });
  const random = seededRandom(plan.seed);
  const log: Attempt[] = [];
  await Promise.all(plan.events.map(async ({ kind, instance, startAfterMs }, event) => {
    if (startAfterMs > 0) await sleep(startAfterMs - 1);
    await sendEvent(world, intent, kind, event, instance, random, log);
  }));
  return { intent, log };
}

const answeredOk = (a: Attempt) => a.answer === 'ok' || a.answer === 'replayed';

/** What DESIGN.md promises of one settled race; each broken promise is one line. */
function assessRace(world: World, intent: GrantIntent, log: Attempt[], record: GrantRecord | undefined): string[] {
  const broken: string[] = [];
  const access = world.app.accessOf(intent);
  const revokesOk = log.filter((a) => a.kind === 'revoke' && answeredOk(a));
  const grantsOk = log.filter((a) => a.kind === 'grant' && answeredOk(a));
  const firstRevokeOkAt = Math.min(...revokesOk.map((a) => a.answeredAt));

  for (const a of log.filter((x) => !answeredOk(x))) {
    const expected = a.answer === 'GrantInProgressError' ? a.retryable : a.answer === 'GrantRevokedError' && a.kind === 'grant';
    if (!expected) broken.push(`${a.kind} #${a.event} try ${a.attempt} answered an unexpected ${a.answer}`);
  }
  if (revokesOk.length > 0) {
    if (access.length > 0) broken.push(`a revoke answered ok, yet the application still holds ${access.join(', ')}`);
    if (record?.status !== 'REVOKED') broken.push(`a revoke answered ok, yet the record is ${record?.status ?? 'absent'}`);
  } else {
    if ((access.length > 0) !== (record?.status === 'GRANTED')) broken.push(`no revoke answered ok: access [${access.join(', ')}] but the record is ${record?.status ?? 'absent'}`);
    if (grantsOk.length > 0 && record?.status !== 'GRANTED') broken.push(`a grant answered ok and no revoke did, yet the record is ${record?.status ?? 'absent'}`);
  }
  for (const a of grantsOk.filter((x) => x.startedAt > firstRevokeOkAt)) {
    broken.push(`grant #${a.event} try ${a.attempt} started after a revoke answered ok, and answered ${a.answer}`);
  }
  const grantStarts = world.app.grantBodyStarts.get(intent.grantId) ?? [];
  if (grantStarts.some((at) => at > firstRevokeOkAt)) broken.push('@Grant started after a revoke answered ok');
  // No method fails here, so nothing (FAILED, an expired lock) ever calls for a second @Grant.
  if (grantStarts.length > 1) broken.push(`@Grant ran ${grantStarts.length} times`);
  const atOnce = world.app.mostRunningAtOnce.get(intent.grantId) ?? 0;
  if (atOnce > 1) broken.push(`${atOnce} method bodies of the grant_id ran at once`);
  if (world.app.fallbacksOverTrackedAccess.includes(intent.grantId)) broken.push('@Revoke got no membershipId although @Grant had added a membership');
  return broken;
}

function describeLog(log: Attempt[]): string {
  return [...log]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((a) => `${a.kind}#${a.event}.${a.attempt} [${a.startedAt}→${a.answeredAt}] ${a.answer}`)
    .join('; ');
}

const racePlan: fc.Arbitrary<RacePlan> = fc.record({
  seed: fc.integer(),
  events: fc.array(
    fc.record({
      kind: fc.constantFrom<EventKind>('grant', 'revoke'),
      instance: fc.integer({ min: 0, max: INSTANCES - 1 }),
      startAfterMs: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength: 2, maxLength: Number(process.env.MAXEV ?? 6) },
  ),
});

export function describeGrantRaces(makeStore: StoreFactory): void {
  describe('GrantLedger: grant/revoke races across Lambda instances sharing the store', () => {
    it(`${RACES} grant/revoke races: no access is left after an ok revoke, access exists iff GRANTED otherwise, no grant succeeds once a revoke has, and one method body runs at a time`, async () => {
      // Prepare
      let race = 0;
      let racesRun = 0; (globalThis as any).T0 = Date.now();
      const property = fc.asyncProperty(fc.array(racePlan, { minLength: RACES_PER_BATCH, maxLength: RACES_PER_BATCH }), async (plans) => {
        const world = await makeWorld(makeStore, INSTANCES);
        // Act
        const results = await Promise.all(plans.map((plan) => runRace(world, plan, ++race)));
        racesRun += plans.length;
        // Assess
        const broken: string[] = [];
        for (const [i, { intent, log }] of results.entries()) {
          const found = assessRace(world, intent, log, await world.store.get(intent.grantId));
          if (found.length > 0) broken.push(`${intent.grantId} ${JSON.stringify(plans[i])}\n  ${found.join('\n  ')}\n  log: ${describeLog(log)}`);
        }
        if (process.env.RACE_STATS) {
          const t: Record<string, number> = {};
          const inc = (k: string) => { t[k] = (t[k] ?? 0) + 1; };
          for (const { intent, log } of results) {
            const rec = await world.store.get(intent.grantId);
            inc('final ' + (rec?.status ?? 'absent') + (rec?.tombstone ? ' tomb' : ''));
            const rOk = log.filter((a) => a.kind === 'revoke' && answeredOk(a));
            const gOk = log.filter((a) => a.kind === 'grant' && a.answer === 'ok');
            if (rOk.length && gOk.length) inc('grant ok and revoke ok');
            for (const a of log) inc(a.kind + ' ' + a.answer);
            if (log.some((a) => a.retryable && a.attempt === MAX_ATTEMPTS - 1)) inc('race with give-up');
          }
          console.log(process.env.STORE_TAG, Date.now() - (globalThis as any).T0, JSON.stringify(t));
        }
        expect(broken).toEqual([]);
      });
      // Act / Assess (shrinking off: a race is timing, and a failing batch is reported whole, race by race)
      await fc.assert(property, { numRuns: RACES / RACES_PER_BATCH, endOnFailure: true });
      expect(racesRun).toBe(RACES);
    });

    it('50 concurrent duplicate grants through 50 instances: @Grant ran once, every grant answers ok (49 replays), one membership exists', async () => {
      // Prepare
      const world = await makeWorld(makeStore, 50);
      const intent = anIntent();
      const random = seededRandom(50);
      const log: Attempt[] = [];
      // Act
      await Promise.all(world.instances.map((_, i) => sendEvent(world, intent, 'grant', i, i, random, log)));
      // Assess
      const answers = log.filter((a) => !a.retryable).map((a) => a.answer);
      expect(world.app.grantBodyStarts.get(intent.grantId)).toHaveLength(1);
      expect(answers.filter((a) => a === 'ok')).toHaveLength(1);
      expect(answers.filter((a) => a === 'replayed')).toHaveLength(49);
      expect(log.filter((a) => a.retryable).map((a) => a.answer).filter((a) => a !== 'GrantInProgressError')).toEqual([]);
      const memberships = world.app.membershipsOf(intent.grantId);
      expect(memberships).toHaveLength(1);
      const record = await world.store.get(intent.grantId);
      expect(record).toMatchObject({ status: 'GRANTED', data: { membershipId: memberships[0]!.id } });
      expect(record?.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
    });
  });
}
