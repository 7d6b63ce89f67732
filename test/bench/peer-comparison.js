// The Powertools peer beside ours, the seed and a bare `node -e 0`: which fresh processes and
// warm runs to measure, and the table rows that report them as ratios.
const { probe } = require('./cold-starts');

const STATUS = { event_type: 'get-status', params: { custom_parameters: {} } };
const OK = { status: 'ok' };
const ACTIVE = { status: 'active' };

/** A first grant: a new grant_id each run, so that every cold process really grants (no replay). */
function firstGrant(tag) {
  return (run) => ({
    event_type: 'grant-access',
    params: { grant_id: `cold-${tag}-${process.pid}-${run}`, username: 'dana@example.com', resource_type: 'project', resources: ['resource1'], permission: 'reader', custom_parameters: {} },
  });
}

/** The fresh-process probes of the comparison (get-status and the first grant), by name. */
function peerProbes(files) {
  return [
    probe('seed status', files.seed, () => STATUS, ACTIVE),
    probe('ours status', files.ours, () => STATUS, ACTIVE),
    probe('ours dynamo status', files.oursDynamo, () => STATUS, ACTIVE),
    probe('peer status', files.peer, () => STATUS, ACTIVE),
    ...firstGrantProbes(files),
  ];
}

/** The cold first grant with the DynamoDB store, ours and the peer's (`extraEnv`: ours only, e.g. to force the SDK path). */
function firstGrantProbes(files, { name = 'ours dynamo grant', extraEnv } = {}) {
  return [probe(name, files.oursDynamo, firstGrant('ours'), OK, extraEnv), probe('peer grant', files.peer, firstGrant('peer'), OK)];
}

const ms = (value) => `${value.toFixed(1)} ms`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const times = (ratio) => `${ratio.toFixed(2)}×`;

/** "+12.3 ms (1.30×)": the added time, and the whole process as a multiple of a bare one. */
function coldCell(figure) {
  const sign = figure.typical < 0 ? '−' : '+';
  return `${sign}${ms(Math.abs(figure.typical))} (${times(figure.total / figure.bare)})`;
}

/**
 * The rows: | measure | node -e 0 | seed | ours | Powertools peer | ours ÷ peer | budget | within |.
 * `cold` is measureColdStarts' result, `warm` the warm runs by name, `bareHeapBytes` a bare process's
 * heap, `memoryRecords` how many grants (warm-up included) a memory-store run leaves in its store.
 */
function peerRows(cold, warm, bareHeapBytes, memoryRecords) {
  const c = (name) => cold[name];
  const bare = ms(c('peer status').bare);
  const addedRatio = (a, b) => c(a).typical / c(b).typical;
  const grantRatio = addedRatio('ours dynamo grant', 'peer grant');
  const heapVsNode = (run) => `${mb(run.heapAfterBytes)} (${times(run.heapAfterBytes / bareHeapBytes)})`;
  return [
    ['cold get-status, ours on the memory store: added ms (whole process ÷ node -e 0)', bare, coldCell(c('seed status')), coldCell(c('ours status')), coldCell(c('peer status')), times(addedRatio('ours status', 'peer status')), 'reported', true],
    ['cold get-status, ours on the DynamoDB store', bare, coldCell(c('seed status')), coldCell(c('ours dynamo status')), coldCell(c('peer status')), times(addedRatio('ours dynamo status', 'peer status')), 'reported', true],
    ['cold first grant, DynamoDB store on dynalite', bare, '— (no store)', coldCell(c('ours dynamo grant')), coldCell(c('peer grant')), times(grantRatio), '≤ 0.50× peer', grantRatio <= 0.5],
    ['warm grant, DynamoDB store on dynalite (µs per grant, elapsed)', '—', '— (no store)', `${warm.oursDynamo.microsPerCall.toFixed(0)} µs`, `${warm.peer.microsPerCall.toFixed(0)} µs`, times(warm.oursDynamo.microsPerCall / warm.peer.microsPerCall), 'reported', true],
    ['warm grant, DynamoDB store on dynalite (µs of the handler process\'s CPU per grant; dynalite\'s own left out)', '—', '— (no store)', `${warm.oursDynamo.cpuMicrosPerCall.toFixed(0)} µs`, `${warm.peer.cpuMicrosPerCall.toFixed(0)} µs`, times(warm.oursDynamo.cpuMicrosPerCall / warm.peer.cpuMicrosPerCall), 'reported', true],
    ['warm grant, memory store (µs per grant)', '—', `${warm.seed.microsPerCall.toFixed(2)} µs`, `${warm.ours.microsPerCall.toFixed(1)} µs`, '— (Powertools persists to a store)', '—', 'reported', true],
    ['heap after warm-up, DynamoDB store (÷ node -e 0)', mb(bareHeapBytes), '—', heapVsNode(warm.oursDynamo), heapVsNode(warm.peer), times(warm.oursDynamo.heapAfterBytes / warm.peer.heapAfterBytes), 'reported', true],
    [`heap after warm-up, memory store (ours holding its ${memoryRecords.toLocaleString('en-US')} grant records; ÷ node -e 0)`, mb(bareHeapBytes), heapVsNode(warm.seed), heapVsNode(warm.ours), '—', '—', 'reported', true],
  ];
}

module.exports = { firstGrantProbes, peerProbes, peerRows };
