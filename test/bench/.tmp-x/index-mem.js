const path = require('node:path');
const dist = '/work/main/dist';
const { LedgerIndex, accessKey } = require(path.join(dist, 'reconcile/ledger-index'));
const lib = { ...require(path.join(dist, 'grants/grant-records')), ...require(path.join(dist, 'grants/payload-hash')) };
const N = 100000;
const gc = () => { global.gc(); global.gc(); };
function recordOf(i) {
  const resources = i % 10 === 0 ? [`proj-${i % 997}`, `proj-${(i + 1) % 997}`] : [`proj-${i % 997}`];
  const intent = { grantId: `g-${String(i).padStart(7, '0')}-${(i * 2654435761 >>> 0).toString(16)}`, username: `user-${i}@example.com`, resourceType: 'project', resources, permission: i % 10 === 3 ? 'admin' : 'reader' };
  const lock = { owner: `lambda:req-${i}`, expiresAtMs: 5 };
  return lib.grantedRecord(lib.newRecord(intent, lib.hashGrantPayload(intent), 'GRANTING', lock, 1760000000000 + i), lock, 1760000000120 + i, { membershipIds: resources.map((_, k) => `m-${i}-${k}`) });
}
// pages as JSON text, parsed per page (fresh strings, as the SDK gives)
const pages = []; for (let p = 0; p < N / 1000; p++) pages.push(JSON.stringify(Array.from({ length: 1000 }, (_, k) => recordOf(p * 1000 + k))));
const store = { async page({ cursor } = {}) { const p = Number(cursor ?? 0); return { records: JSON.parse(pages[p]), ...(p + 1 < pages.length ? { cursor: String(p + 1) } : {}) }; } };
async function live(make) { await new Promise((r) => setImmediate(r)); gc(); const b = process.memoryUsage().heapUsed; const h = await make(); gc(); const d = process.memoryUsage().heapUsed - b; return [d, h]; }
class Lean {
  byId = new Map(); byKey = new Map(); strings = new Map();
  intern(s) { let v = this.strings.get(s); if (v === undefined) { this.strings.set(s, s); v = s; } return v; }
  add(r) {
    const x = { grantId: r.grantId, status: this.intern(r.status), username: r.username, resourceType: this.intern(r.resourceType), resources: r.resources.map((s) => this.intern(s)), permission: this.intern(r.permission), updatedAtMs: r.updatedAtMs, lockExpiresAtMs: r.lockExpiresAtMs, seen: undefined };
    this.byId.set(r.grantId, x);
    for (const res of x.resources) { const k = accessKey(x.username, x.resourceType, res, x.permission); const e = this.byKey.get(k); if (e === undefined) this.byKey.set(k, x); else if (Array.isArray(e)) e.push(x); else this.byKey.set(k, [e, x]); }
  }
}
(async () => {
  const [recs] = await live(async () => { const all = []; for (let p = 0; p < pages.length; p++) all.push(...JSON.parse(pages[p])); return all; });
  console.log('records as read', (recs / 1e6).toFixed(1), 'MB', (recs / N).toFixed(0), 'B/record');
  const [idx, index] = await live(() => LedgerIndex.read(store, ['project']));
  console.log('LedgerIndex (empty seen sets)', (idx / 1e6).toFixed(1), 'MB', (idx / N).toFixed(0), 'B/record');
  const [seen] = await live(async () => { for (const r of index.records()) r.seen.add(r.resources[0]); return 1; });
  console.log('  + one resource seen per record', (seen / 1e6).toFixed(1), 'MB', (seen / N).toFixed(0), 'B/record');
  const [noSets] = await live(async () => { for (const r of index.records()) r.seen = undefined; return 1; });
  console.log('  dropping the seen sets', (noSets / 1e6).toFixed(1), 'MB', (noSets / N).toFixed(0), 'B/record');
  const [lean] = await live(async () => { const l = new Lean(); let c; do { const pg = await store.page({ cursor: c }); for (const r of pg.records) l.add(r); c = pg.cursor; } while (c !== undefined); return l; });
  console.log('lean index (no sets, record itself as byKey value, interned low-cardinality strings)', (lean / 1e6).toFixed(1), 'MB', (lean / N).toFixed(0), 'B/record');
  const [keys] = await live(async () => { const m = new Map(); for (let i = 0; i < N; i++) m.set(accessKey(`user-${i}@example.com`, 'project', `proj-${i % 997}`, 'reader'), i); return m; });
  console.log('  of which a Map of N access keys alone', (keys / 1e6).toFixed(1), 'MB', (keys / N).toFixed(0), 'B/record');
  index.size;
})();
// variants, one change at a time, against the current shape
class Variant {
  constructor(opts) { this.opts = opts; this.byId = new Map(); this.byKey = new Map(); this.strings = new Map(); }
  intern(s) { if (!this.opts.intern) return s; let v = this.strings.get(s); if (v === undefined) { this.strings.set(s, s); v = s; } return v; }
  add(record) {
    const o = this.opts;
    const indexed = { grantId: record.grantId, status: this.intern(record.status), username: record.username, resourceType: this.intern(record.resourceType), resources: record.resources.map((r) => this.intern(r)), permission: this.intern(record.permission), updatedAtMs: record.updatedAtMs,
      ...(record.lockExpiresAtMs === undefined ? {} : { lockExpiresAtMs: record.lockExpiresAtMs }),
      ...(record.status === 'GRANTED' ? { seen: o.seen === 'set' ? new Set() : 0 } : {}) };
    this.byId.set(record.grantId, indexed);
    for (const resource of indexed.resources) {
      const key = accessKey(indexed.username, indexed.resourceType, resource, indexed.permission);
      const list = this.byKey.get(key);
      if (o.direct) { if (list === undefined) this.byKey.set(key, indexed); else if (Array.isArray(list)) list.push(indexed); else this.byKey.set(key, [list, indexed]); }
      else if (list === undefined) this.byKey.set(key, [indexed]); else list.push(indexed);
    }
  }
}
(async () => {
  await new Promise((r) => setTimeout(r, 3000));
  for (const opts of [{ seen: 'set' }, { seen: 'bits' }, { seen: 'set', direct: true }, { seen: 'set', intern: true }, { seen: 'bits', direct: true, intern: true }]) {
    const [b] = await live(async () => { const v = new Variant(opts); let c; do { const pg = await store.page({ cursor: c }); for (const r of pg.records) v.add(r); c = pg.cursor; } while (c !== undefined); return v; });
    console.log(JSON.stringify(opts), (b / 1e6).toFixed(1), 'MB', (b / N).toFixed(0), 'B/record');
  }
})();
