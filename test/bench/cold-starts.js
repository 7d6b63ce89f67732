// Cold starts as whole fresh processes, each against a bare `node -e 0` started just before it.
const { spawnSync } = require('node:child_process');
const { lambdaContext } = require('./lambda-context');

const MARK = 'BENCH_AT=';

/**
 * A probe: what one fresh process does before it reports `performance.now()` (ms since the
 * process began). Without `event`, it only loads the handler module; with one, it also
 * answers that event, checks the answer is `expected`, and exits at once (an SDK client's
 * keep-alive sockets would otherwise hold it open). `extraEnv` is added to that process's
 * environment (not to its bare twin's).
 */
function probe(name, file, event, expected, extraEnv) {
  return { name, file, event, expected, extraEnv };
}

const BARE = `process.stdout.write('${MARK}' + performance.now())`;
const LOAD = `import(process.argv[1]).then(() => process.stdout.write('\\n${MARK}' + performance.now()))`;
const ANSWER = `
const [file, event, expected, context] = process.argv.slice(1);
import(file)
  .then(({ handler }) => handler(JSON.parse(event), { ...JSON.parse(context), getRemainingTimeInMillis: () => 30000 }))
  .then((answer) => {
    const at = performance.now();
    if (JSON.stringify(answer) !== expected) throw new Error('unexpected answer ' + JSON.stringify(answer));
    process.stdout.write('\\n${MARK}' + at);
    process.exit(0);
  })
  .catch((err) => { console.error(err); process.exit(1); });`;

function reportedAt(args, env) {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`cold start failed: ${result.stderr}`);
  const line = result.stdout.split('\n').reverse().find((l) => l.startsWith(MARK));
  return Number(line.slice(MARK.length));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs every probe `runs` times, alternated (each round in another order, each probe right
 * after its own bare start) so that drift and neighbours' bursts fall on all alike. Per probe:
 * `typical` = median of the per-round differences (ms added over node -e 0), `best` = best
 * probe run − best bare run, `total` and `bare` = the medians of the two whole processes.
 */
function measureColdStarts(probes, { runs, env }) {
  const bare = [];
  const samples = probes.map(() => ({ at: [], added: [] }));
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < probes.length; k++) {
      const i = (k + run) % probes.length;
      const p = probes[i];
      const bareAt = reportedAt(['-e', BARE], env);
      const args = p.event === undefined
        ? ['-e', LOAD, p.file]
        : ['-e', ANSWER, p.file, JSON.stringify(p.event(run)), JSON.stringify(p.expected), JSON.stringify(lambdaContext)];
      const at = reportedAt(args, p.extraEnv === undefined ? env : { ...env, ...p.extraEnv });
      bare.push(bareAt);
      samples[i].at.push(at);
      samples[i].added.push(at - bareAt);
    }
  }
  const bareBest = Math.min(...bare);
  const bareMedian = median(bare);
  return Object.fromEntries(probes.map((p, i) => [p.name, {
    typical: median(samples[i].added),
    best: Math.min(...samples[i].at) - bareBest,
    total: median(samples[i].at),
    bare: bareMedian,
  }]));
}

module.exports = { probe, measureColdStarts, median };
