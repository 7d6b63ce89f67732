#!/usr/bin/env node
// `npm run bench`: DESIGN.md's budgets, each measured against a baseline in the same run
// (bare `node -e 0` and the seed's hand-written handler), never as a timed test assertion.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { makeWorkDir, bundle } = require('./bundle');
const { measureColdStarts, median, probe } = require('./cold-starts');
const { startDynaliteServer } = require('./dynalite-server');
const { firstGrantProbes, peerProbes, peerRows } = require('./peer-comparison');
const { reconcileRows } = require('./reconcile-scale');

const RUNS = Number(process.env.BENCH_RUNS ?? 40); // fresh processes per cold-start figure
const GRANTS = Number(process.env.BENCH_GRANTS ?? 20_000); // warm grants per process, memory store
const DYNAMO_GRANTS = Number(process.env.BENCH_DYNAMO_GRANTS ?? 1_000); // warm grants per process, on dynalite
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 5); // processes per warm figure (the median one counts)
const RESOURCES = 10_000;
const LIST_CALLS = 100;

/**
 * Runs every job `rounds` times, alternated (job after job, round after round, so drift falls
 * on all alike), each in a fresh process; per job, the run with the median time: one noisy
 * run must not decide a budget.
 */
function alternatedMedians(jobs, rounds) {
  const results = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, [script, args, env]] of Object.entries(jobs)) {
      results[name].push(child(script, args, { ...env, BENCH_GRANT_PREFIX: `warm-${name}-${round}` }));
    }
  }
  return Object.fromEntries(Object.entries(results).map(([name, runs]) => [name, runs.sort((a, b) => a.microsPerCall - b.microsPerCall)[Math.floor(rounds / 2)]]));
}

function child(script, args, env = {}) {
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, script), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stderr.trim().split('\n').pop());
}

/** The heap a bare node process holds after a full collection: the heap rows' `node -e 0`. */
function bareHeapBytes() {
  const heaps = Array.from({ length: 3 }, () => {
    const result = spawnSync(process.execPath, ['--expose-gc', '-e', 'gc(); process.stdout.write(String(process.memoryUsage().heapUsed))'], { encoding: 'utf8' });
    return Number(result.stdout);
  });
  return median(heaps);
}

function printTable(columns, rows) {
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`|${columns.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.slice(0, -1).join(' | ')} | ${row[row.length - 1] ? 'yes' : 'NO'} |`);
}

/**
 * `npm run bench -- --only first-grant`: the cold first grant alone, quickly and with enough
 * samples: ours (SDK-free transport), ours forced onto the AWS SDK (AWS_RETRY_MODE=adaptive is
 * one of the settings only the SDK honours), the Powertools peer, each over node -e 0.
 */
async function firstGrantOnly() {
  const work = makeWorkDir();
  const oursDynamo = await bundle(work, 'framework-dynamodb-handler.ts', 'framework-dynamodb');
  const peer = await bundle(work, 'powertools-peer-handler.ts', 'powertools-peer');
  const dynalite = await startDynaliteServer();
  let cold;
  try {
    const files = { oursDynamo: oursDynamo.file, peer: peer.file };
    const [ours, peerGrant] = firstGrantProbes(files);
    const [oursSdk] = firstGrantProbes(files, { name: 'ours dynamo grant (SDK)', extraEnv: { AWS_RETRY_MODE: 'adaptive' } });
    cold = measureColdStarts([ours, oursSdk, peerGrant], { runs: RUNS, env: { ...process.env, ...dynalite.env } });
  } finally {
    dynalite.stop();
  }
  const peerAdded = cold['peer grant'].typical;
  console.log(`cold first grant, DynamoDB store on dynalite — node ${process.version}, median of ${RUNS} alternated fresh processes each, node -e 0 ${cold['peer grant'].bare.toFixed(1)} ms\n`);
  console.log('| variant | added over node -e 0 | whole ÷ node -e 0 | added ÷ peer |');
  console.log('|---|---|---|---|');
  for (const name of ['ours dynamo grant', 'ours dynamo grant (SDK)', 'peer grant']) {
    const f = cold[name];
    console.log(`| ${name} | ${f.typical.toFixed(1)} ms | ${(f.total / f.bare).toFixed(2)}× | ${(f.typical / peerAdded).toFixed(2)}× |`);
  }
}

async function main() {
  if (process.argv.includes('--only')) {
    const only = process.argv[process.argv.indexOf('--only') + 1];
    if (only !== 'first-grant') throw new Error(`--only takes first-grant, not ${only}`);
    return firstGrantOnly();
  }
  const work = makeWorkDir();
  const seed = await bundle(work, 'seed-handler.ts', 'seed');
  const ours = await bundle(work, 'framework-handler.ts', 'framework');
  const oursDynamo = await bundle(work, 'framework-dynamodb-handler.ts', 'framework-dynamodb');
  const peer = await bundle(work, 'powertools-peer-handler.ts', 'powertools-peer');
  const seedLists = await bundle(work, 'list-handlers.ts', 'seed-lists', 'seedHandler');
  const oursLists = await bundle(work, 'list-handlers.ts', 'framework-lists', 'frameworkHandler');

  const dynalite = await startDynaliteServer();
  let cold;
  let warm;
  try {
    const env = { ...process.env, ...dynalite.env };
    cold = measureColdStarts([
      probe('seed init', seed.file),
      probe('ours init', ours.file),
      probe('ours dynamo init', oursDynamo.file),
      ...peerProbes({ seed: seed.file, ours: ours.file, oursDynamo: oursDynamo.file, peer: peer.file }),
    ], { runs: RUNS, env });
    warm = alternatedMedians({
      seed: ['per-invocation.js', [seed.file, 'handler', 'grant', String(GRANTS)]],
      ours: ['per-invocation.js', [ours.file, 'handler', 'grant', String(GRANTS)]],
      oursDynamo: ['per-invocation.js', [oursDynamo.file, 'handler', 'grant', String(DYNAMO_GRANTS)], dynalite.env],
      peer: ['per-invocation.js', [peer.file, 'handler', 'grant', String(DYNAMO_GRANTS)], dynalite.env],
    }, PROCESSES);
  } finally {
    dynalite.stop();
  }
  const listEnv = { BENCH_RESOURCES: String(RESOURCES) };
  const lists = alternatedMedians({
    seed: ['per-invocation.js', [seedLists.file, 'handler', 'list', String(LIST_CALLS)], listEnv],
    ours: ['per-invocation.js', [oursLists.file, 'handler', 'list', String(LIST_CALLS)], listEnv],
  }, PROCESSES);
  const writes = child('dynamodb-writes.js', [oursDynamo.file]);
  const reconciled = process.env.BENCH_RECONCILE === '0' ? undefined : child('reconcile-scale.js', []); // BENCH_RECONCILE_RECORDS (default 100 000) records and entries

  const [seedAdded, oursAdded, dynamoAdded] = [cold['seed init'], cold['ours init'], cold['ours dynamo init']];
  const [seedGrant, oursGrant] = [warm.seed, warm.ours];
  const [seedList, oursList] = [lists.seed, lists.ours];
  const grantOverhead = oursGrant.microsPerCall - seedGrant.microsPerCall;
  const perResource = (oursList.microsPerCall - seedList.microsPerCall) / RESOURCES;
  const count = (ops) => Object.entries(ops).filter(([op]) => op !== 'DescribeTable').map(([op, n]) => `${n} ${op}`).join(' + ') || '0';
  const writesOf = (ops) => (ops.UpdateItem ?? 0) + (ops.PutItem ?? 0);

  const rows = [
    ['added cold init, bundled, memory store', `${oursAdded.best.toFixed(1)} ms (typical ${oursAdded.typical.toFixed(1)})`, `seed's ${seedAdded.best.toFixed(1)} ms (typical ${seedAdded.typical.toFixed(1)}); ours − seed ${(oursAdded.best - seedAdded.best).toFixed(1)} ms`, '≤ 15 ms', oursAdded.best <= 15],
    ['added cold init, bundled, DynamoDB store', `${dynamoAdded.best.toFixed(1)} ms (typical ${dynamoAdded.typical.toFixed(1)})`, `ours − seed ${(dynamoAdded.best - seedAdded.best).toFixed(1)} ms; the store's client loads on first use`, '≤ 15 ms', dynamoAdded.best <= 15],
    ['bundle size, minified, memory store', `${(ours.bytes / 1024).toFixed(1)} KB`, `${(ours.bytes / seed.bytes).toFixed(0)}× seed's ${(seed.bytes / 1024).toFixed(1)} KB`, '≤ 150 KB', ours.bytes <= 150 * 1024],
    ['bundle size, minified, DynamoDB store', `${(oursDynamo.bytes / 1024).toFixed(1)} KB at cold start`, `+ ${(oursDynamo.chunkBytes / 1024).toFixed(1)} KB of chunks on first use; Powertools peer ${(peer.bytes / 1024).toFixed(1)} KB at cold start + ${(peer.chunkBytes / 1024).toFixed(1)} KB`, '≤ 150 KB at cold start', oursDynamo.bytes <= 150 * 1024],
    ['framework overhead per grant (memory store)', `${grantOverhead.toFixed(1)} µs`, `${oursGrant.microsPerCall.toFixed(1)} µs vs seed ${seedGrant.microsPerCall.toFixed(2)} µs`, '≤ 50 µs', grantOverhead <= 50],
    ['overhead per resource, list-resources', `${perResource.toFixed(3)} µs`, `${(oursList.microsPerCall / seedList.microsPerCall).toFixed(2)}× seed per call (${RESOURCES} resources)`, '≤ 1 µs', perResource <= 1],
    ['heap retained by init', `${(oursGrant.initHeapBytes / 1024 / 1024).toFixed(2)} MB`, `seed ${(seedGrant.initHeapBytes / 1024 / 1024).toFixed(2)} MB`, 'reported', true],
    ['DynamoDB requests: get-status', count(writes.getStatus), '', '0', writesOf(writes.getStatus) === 0 && !writes.getStatus.GetItem],
    ['DynamoDB requests: grant', count(writes.grant), '', '2 writes, no read', writesOf(writes.grant) === 2 && !writes.grant.GetItem],
    ['DynamoDB requests: replayed grant', count(writes.replayedGrant), '', '1 write', writesOf(writes.replayedGrant) === 1 && !writes.replayedGrant.GetItem],
    ['DynamoDB requests: revoke', count(writes.revoke), '', '2 writes', writesOf(writes.revoke) === 2],
    ['DynamoDB requests: replayed revoke', count(writes.replayedRevoke), '', '1 write', writesOf(writes.replayedRevoke) === 1 && !writes.replayedRevoke.GetItem],
    ...(reconciled === undefined ? [] : reconcileRows(reconciled)),
  ];

  console.log(`apono-lambda-kit benchmarks — node ${process.version}, ${RUNS} cold starts each (best; typical = median), ${GRANTS} grants and ${LIST_CALLS}×${RESOURCES} resources (median of ${PROCESSES} processes)\n`);
  printTable(['measure', 'ours', 'against the baseline', 'budget', 'within'], rows);
  console.log(`\nAgainst the Powertools peer — cold: median over node -e 0 of ${RUNS} alternated fresh processes, the whole process ÷ a bare one in brackets; warm: ${DYNAMO_GRANTS} grants on dynalite / ${GRANTS} on the memory store per process, median of ${PROCESSES}\n`);
  printTable(['measure', 'node -e 0', 'seed', 'ours', 'Powertools peer', 'ours ÷ peer', 'budget', 'within'], peerRows(cold, warm, bareHeapBytes(), GRANTS + Math.ceil(GRANTS / 5)));
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
