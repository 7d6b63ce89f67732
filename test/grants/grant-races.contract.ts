/**
 * Grant-access and revoke-access of one grant_id racing through separate GrantLedgers (separate Lambda
 * instances) that share one store, against a fake application whose access is what is checked: "300
 * grant/revoke races → no access left after an ok revoke", "50 concurrent duplicate grants → @Grant ran once".
 */
import fc from 'fast-check';
import { isIntegrationError } from '../../src/errors';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import type { GrantIntent, GrantRecord } from '../../src/grants/records';
import { anIntent, TestClock, type StoreFactory } from './grant-fixtures';

const RACES = 300;
/** Races run at once, as a pool (a slow race holds up no batch); more only queue up in dynalite and time retries out. */
const RACES_IN_FLIGHT = 20;
/** Lambda instances (ledgers) sharing the store; two events of a race may meet in one, whose fence refuses the second. */
const INSTANCES = 4;
/** Attempts of one event, as Apono retries a retryable refusal, with a growing backoff (1–4 ms, 1–8, … 1–64). */
const MAX_ATTEMPTS = 10;

type EventKind = 'grant' | 'revoke';
type Random = (maxInclusive: number) => number;

interface RacePlan {
  /** Seeds what the plan leaves to chance at run time: method delays, retry backoff, the instance of a retry. */
  seed: number;
  events: { kind: EventKind; instance: number; startAfterMs: number }[];
}

/** One invocation of the ledger, stamped (in ticks) when it started and when it answered. */
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

/** A small seeded PRNG (mulberry32): a race's plan says all it did but the event loop's timing. */
function seededRandom(seed: number): Random {
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
/**
 * The application's own latency: the next macrotask (setImmediate) or a 0–3 ms timer, and in 2 calls of 7
 * a slow one (5–25 ms). Why the slow ones: dynalite answers in tens of ms under this load, and a body much
 * shorter than a store write would never be running when another invocation's write lands (with only
 * short bodies, a ledger whose locks never held still passed on DynamoDB).
 */
const applicationLatency = (random: Random) => {
  const pick = random(6);
  if (pick === 0) return new Promise<void>((resolve) => setImmediate(resolve));
  return pick <= 4 ? sleep(pick - 1) : sleep(5 + random(20));
};

/** A logical clock, one tick per observation: in one event loop, "after" is then exact. */
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
 * returns its id as `data`; `@Revoke` removes exactly the recorded one or, with no record, whatever
 * matches the request. It also watches the method bodies the ledgers run, per grant_id.
 */
class FakeApplication {
  private readonly memberships = new Map<string, Membership>();
  private lastId = 0;
  private readonly running = new Map<string, number>();
  readonly mostBodiesAtOnce = new Map<string, number>();
  readonly grantBodyStarts = new Map<string, number[]>();
  /** grant_ids whose `@Revoke` got no membershipId although `@Grant` had added a membership (its data was lost). */
  readonly revokesWithoutTrackedData = new Set<string>();

  constructor(private readonly ticks: Ticks) {}

  /** The access keys (username|resource|permission) the grant's user holds now. */
  accessOf(intent: GrantIntent): string[] {
    return [...this.memberships.values()]
      .filter((m) => m.username === intent.username)
      .flatMap((m) => m.resources.map((resource) => `${m.username}|${resource}|${m.permission}`));
  }

  membershipsOf(grantId: string): Membership[] {
    return [...this.memberships.values()].filter((m) => m.grantId === grantId);
  }

  async grant(intent: GrantIntent, random: Random): Promise<GrantMethodResult<{ membershipId: string }>> {
    const leave = this.enterBody(intent.grantId);
    this.grantBodyStarts.set(intent.grantId, [...(this.grantBodyStarts.get(intent.grantId) ?? []), this.ticks.next()]);
    try {
      await applicationLatency(random);
      const { grantId, username, resources, permission } = intent;
      const membership = { id: `m-${++this.lastId}`, grantId, username, resources: [...resources], permission };
      this.memberships.set(membership.id, membership);
      return { data: { membershipId: membership.id } };
    } finally {
      leave();
    }
  }

  async revoke(intent: GrantIntent, record: GrantRecord | undefined, random: Random): Promise<void> {
    const leave = this.enterBody(intent.grantId);
    try {
      await applicationLatency(random);
      const membershipId = record?.data?.membershipId;
      if (typeof membershipId === 'string') {
        this.memberships.delete(membershipId);
        return;
      }
      if (this.membershipsOf(intent.grantId).length > 0) this.revokesWithoutTrackedData.add(intent.grantId);
      const resources = [...intent.resources].sort().join();
      for (const m of [...this.memberships.values()]) {
        if (m.username === intent.username && m.permission === intent.permission && [...m.resources].sort().join() === resources) {
          this.memberships.delete(m.id);
        }
      }
    } finally {
      leave();
    }
  }

  /** Counts a body of the grant_id as running: grants and revokes alike, as the lock admits one at a time. */
  private enterBody(grantId: string): () => void {
    const running = (this.running.get(grantId) ?? 0) + 1;
    this.running.set(grantId, running);
    this.mostBodiesAtOnce.set(grantId, Math.max(running, this.mostBodiesAtOnce.get(grantId) ?? 0));
    return () => this.running.set(grantId, (this.running.get(grantId) ?? 1) - 1);
  }
}

/** Everything the races share: one store, its instances, the application, one clock. */
interface World {
  store: GrantStore;
  instances: GrantLedger[];
  clock: TestClock;
  ticks: Ticks;
  app: FakeApplication;
}

async function makeWorld(makeStore: StoreFactory, instances: number): Promise<World> {
  const store = await makeStore();
  // Never advanced: every lock stays live, so only the locks and the fences order the bodies.
  const clock = new TestClock();
  const ticks = new Ticks();
  const ledgers = Array.from({ length: instances }, () => new GrantLedger(store, { now: clock.now }));
  return { store, clock, ticks, app: new FakeApplication(ticks), instances: ledgers };
}

/**
 * Sends one event as Apono does: a new invocation (own lock owner, live lock) per attempt, retried with
 * a growing random backoff while the refusal is retryable; a retry may land on any instance.
 */
async function sendEvent(
  world: World, intent: GrantIntent, kind: EventKind, event: number, firstInstance: number, random: Random, log: Attempt[],
  maxAttempts = MAX_ATTEMPTS,
): Promise<void> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
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
      await sleep(1 + random(2 ** Math.min(attempt + 2, 6) - 1));
    }
  }
}

/** Fires the plan's events for a fresh grant_id (each after its own 0–3 ms, or at once) and waits for all. */
async function runRace(world: World, plan: RacePlan, race: number): Promise<{ intent: GrantIntent; log: Attempt[] }> {
  // A user of its own, so that no race's fallback revoke can take another race's access.
  const intent = anIntent({ username: `user-${race}@example.com` });
  const random = seededRandom(plan.seed);
  const log: Attempt[] = [];
  await Promise.all(plan.events.map(async ({ kind, instance, startAfterMs }, event) => {
    if (startAfterMs > 0) await sleep(startAfterMs - 1);
    await sendEvent(world, intent, kind, event, instance, random, log);
  }));
  return { intent, log };
}

/** Runs `work` over `items`, at most `size` at once; the results in the order of `items`. */
async function inPool<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

const answeredOk = (a: Attempt) => a.answer === 'ok' || a.answer === 'replayed';

/** What DESIGN.md promises of one settled race: one line per promise broken. */
function brokenPromises(world: World, intent: GrantIntent, log: Attempt[], record: GrantRecord | undefined): string[] {
  const broken: string[] = [];
  const access = world.app.accessOf(intent);
  const status = record?.status ?? 'absent';
  const revokesOk = log.filter((a) => a.kind === 'revoke' && answeredOk(a));
  const grantsOk = log.filter((a) => a.kind === 'grant' && answeredOk(a));
  const firstRevokeOkAt = Math.min(...revokesOk.map((a) => a.answeredAt));

  for (const a of log.filter((x) => !answeredOk(x))) {
    const expected = a.answer === 'GrantInProgressError' ? a.retryable : a.answer === 'GrantRevokedError' && a.kind === 'grant';
    if (!expected) broken.push(`${a.kind} #${a.event} try ${a.attempt} answered ${a.answer}${a.retryable ? ' (retryable)' : ''}`);
  }
  if (revokesOk.length > 0) {
    if (access.length > 0) broken.push(`a revoke answered ok, yet the application holds ${access.join(', ')}`);
    if (status !== 'REVOKED') broken.push(`a revoke answered ok, yet the record is ${status}`);
  } else {
    if ((access.length > 0) !== (status === 'GRANTED')) broken.push(`no revoke answered ok: access [${access.join(', ')}], record ${status}`);
    if (grantsOk.length > 0 && status !== 'GRANTED') broken.push(`a grant answered ok and no revoke did, yet the record is ${status}`);
  }
  // A grant that answered ok before (or while) the revoke ran is fine; one sent after it answered ok is a resurrection.
  for (const a of grantsOk.filter((x) => x.startedAt > firstRevokeOkAt)) {
    broken.push(`grant #${a.event} try ${a.attempt} started after a revoke had answered ok, and answered ${a.answer}`);
  }
  const grantStarts = world.app.grantBodyStarts.get(intent.grantId) ?? [];
  if (grantStarts.some((at) => at > firstRevokeOkAt)) broken.push('@Grant started after a revoke had answered ok');
  // No method fails and no lock expires here, so nothing (FAILED, a dead lock) calls for a second @Grant.
  if (grantStarts.length > 1) broken.push(`@Grant ran ${grantStarts.length} times`);
  const atOnce = world.app.mostBodiesAtOnce.get(intent.grantId) ?? 0;
  if (atOnce > 1) broken.push(`${atOnce} method bodies of the grant_id ran at once`);
  if (world.app.revokesWithoutTrackedData.has(intent.grantId)) broken.push('@Revoke got no membershipId although @Grant had added a membership');
  return broken;
}

function describeLog(log: Attempt[]): string {
  return [...log]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((a) => `${a.kind}#${a.event}.${a.attempt} [${a.startedAt}→${a.answeredAt}] ${a.answer}`)
    .join('; ');
}

/** How often the races met the interleavings worth testing: a run that met none of one proves nothing about it. */
function interleavingsMet(results: { log: Attempt[] }[]) {
  const races = (met: (log: Attempt[]) => boolean) => results.filter(({ log }) => met(log)).length;
  const has = (log: Attempt[], kind: EventKind, answer: string) => log.some((a) => a.kind === kind && a.answer === answer);
  return {
    grantedThenRevoked: races((log) => has(log, 'grant', 'ok') && has(log, 'revoke', 'ok')),
    grantRefusedAsRevoked: races((log) => has(log, 'grant', 'GrantRevokedError')),
    refusedInProgress: races((log) => log.some((a) => a.answer === 'GrantInProgressError')),
    endedGranted: races((log) => has(log, 'grant', 'ok') && !log.some((a) => a.kind === 'revoke' && answeredOk(a))),
  };
}

const racePlan: fc.Arbitrary<RacePlan> = fc.record({
  seed: fc.integer(),
  events: fc.array(
    fc.record({
      kind: fc.constantFrom<EventKind>('grant', 'revoke'),
      instance: fc.integer({ min: 0, max: INSTANCES - 1 }),
      startAfterMs: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength: 2, maxLength: 5 },
  ),
});

export function describeGrantRaces(makeStore: StoreFactory): void {
  describe('GrantLedger: grant/revoke races across Lambda instances sharing the store', () => {
    it(`${RACES} grant/revoke races: no access is left after an ok revoke, access exists iff GRANTED otherwise, no grant succeeds once a revoke has, and one method body runs at a time`, async () => {
      // Prepare
      const property = fc.asyncProperty(fc.array(racePlan, { minLength: RACES, maxLength: RACES }), async (plans) => {
        const world = await makeWorld(makeStore, INSTANCES);
        // Act
        const results = await inPool(plans, RACES_IN_FLIGHT, (plan, race) => runRace(world, plan, race));
        // Assess
        const broken: string[] = [];
        for (const [i, { intent, log }] of results.entries()) {
          const found = brokenPromises(world, intent, log, await world.store.get(intent.grantId));
          if (found.length > 0) broken.push(`${intent.grantId} plan ${JSON.stringify(plans[i])}\n  ${found.join('\n  ')}\n  log: ${describeLog(log)}`);
        }
        expect(broken).toEqual([]);
        const met = interleavingsMet(results);
        expect(Object.entries(met).filter(([, count]) => count === 0)).toEqual([]);
      });
      // Act / Assess: one run of all the races, unshrunk (timing decides a race: a failure is reported race by race).
      await fc.assert(property, { numRuns: 1, endOnFailure: true });
    });

    it('50 concurrent duplicate grants through 50 instances: @Grant ran once, every grant answers ok (49 replays), one membership exists', async () => {
      // Prepare
      const world = await makeWorld(makeStore, 50);
      const intent = anIntent();
      const random = seededRandom(50);
      const log: Attempt[] = [];
      // Act
      // Enough attempts that, however slow a loaded machine makes the store, every grant outlasts the first one's lock (Apono retries for minutes).
      await Promise.all(world.instances.map((_, i) => sendEvent(world, intent, 'grant', i, i, random, log, 60)));
      // Assess
      const answers = log.filter((a) => !a.retryable).map((a) => a.answer);
      expect(world.app.grantBodyStarts.get(intent.grantId)).toHaveLength(1);
      expect(answers.filter((a) => a === 'ok')).toHaveLength(1);
      expect(answers.filter((a) => a === 'replayed')).toHaveLength(49);
      expect(log.filter((a) => a.retryable && a.answer !== 'GrantInProgressError')).toEqual([]);
      const memberships = world.app.membershipsOf(intent.grantId);
      expect(memberships).toHaveLength(1);
      const record = await world.store.get(intent.grantId);
      expect(record).toMatchObject({ status: 'GRANTED', data: { membershipId: memberships[0]!.id } });
      expect(record?.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
    });
  });
}
