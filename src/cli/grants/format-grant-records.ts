import type { GrantRecord } from '../../grants/records';
import type { ReconcileReport } from '../../reconcile/types';

const COLUMNS = ['GRANT ID', 'STATUS', 'USERNAME', 'RESOURCE TYPE', 'RESOURCES', 'PERMISSION', 'UPDATED'] as const;

/**
 * Renders grant records as an aligned text table, newest first.
 * @example console.log(formatGrantTable(await store.list()));
 */
export function formatGrantTable(records: readonly GrantRecord[]): string {
  if (records.length === 0) return 'no grant records\n';
  const rows = [...records]
    .sort((a, b) => b.updatedAtMs - a.updatedAtMs)
    .map((record) => [
      record.grantId,
      record.status,
      record.username,
      record.resourceType,
      record.resources.join(','),
      record.permission,
      formatTime(record.updatedAtMs),
    ]);
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(COLUMNS), ...rows.map(line)].join('\n')}\n`;
}

/**
 * Renders one record and its history, each step with its error and note. `data`
 * is shown as stored: it holds what the `@Grant` method chose to keep (ids, not secrets).
 * @example console.log(formatGrantRecord(await store.get('b3f1c2de-…')));
 */
export function formatGrantRecord(record: GrantRecord): string {
  const fields: Array<[string, string | undefined]> = [
    ['grant id', record.grantId],
    ['status', record.status],
    ['username', record.username],
    ['resource type', record.resourceType],
    ['resources', record.resources.join(', ')],
    ['permission', record.permission],
    ['data', record.data === undefined ? undefined : JSON.stringify(record.data)],
    ['created', formatTime(record.createdAtMs)],
    ['updated', formatTime(record.updatedAtMs)],
    ['lock owner', record.lockOwner],
    ['lock expires', record.lockExpiresAtMs === undefined ? undefined : formatTime(record.lockExpiresAtMs)],
    ['expires (TTL)', record.expiresAtEpochSec === undefined ? undefined : formatTime(record.expiresAtEpochSec * 1000)],
    ['last error', record.lastError],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  // Notes carry what an operator must know about a step (a revoke that named other
  // resources than the grant, a late grant undone): the text view shows them, not only --json.
  const history = record.history.map(
    (step) =>
      `  ${formatTime(step.atMs)}  ${(step.from ?? '-').padEnd(8)} -> ${step.to.padEnd(8)}  by ${step.by}` +
      `${step.error ? `  error: ${step.error}` : ''}${step.note ? `  note: ${step.note}` : ''}`,
  );
  return `${shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\nhistory:\n${history.join('\n')}\n`;
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Rows as aligned columns, under a header. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function section(title: string, header: string[], rows: string[][]): string[] {
  return rows.length === 0 ? [`${title}: none`, ''] : [`${title} (${rows.length}):`, ...table(header, rows).map((l) => `  ${l}`), ''];
}

/**
 * A reconcile report as the CLI prints it: the counts, then one table per section.
 * @example process.stdout.write(formatReconcileReport(report));
 */
export function formatReconcileReport(report: ReconcileReport): string {
  const c = report.counts;
  const lines = [
    `reconcile of ${report.resourceTypes.join(', ')}${report.dryRun ? ' (dry run: nothing revoked)' : ''}`,
    `records ${c.records}, access entries ${c.accessEntries}, orphaned ${c.orphaned}, missing ${c.missing}, uncertain ${c.uncertain}, ` +
      `revoked ${c.revoked}, revoke failed ${c.revokeFailed}`,
    '',
    ...section('orphaned', ['USERNAME', 'TYPE', 'RESOURCES', 'PERMISSION', 'GRANT', 'RECORD', 'REASON', 'ACTION'],
      report.orphaned.map((o) => [o.username, o.resourceType, o.resources.join(','), o.permission, o.grantId ?? '-', o.recordStatus ?? '-', o.reason, o.action])),
    ...section('missing', ['GRANT', 'USERNAME', 'TYPE', 'RESOURCES', 'PERMISSION'],
      report.missing.map((m) => [m.grantId, m.username, m.resourceType, m.resources.join(','), m.permission])),
    ...section('uncertain', ['GRANT', 'STATUS', 'TYPE', 'SINCE'],
      report.uncertain.map((u) => [u.grantId, u.status, u.resourceType, new Date(u.sinceMs).toISOString()])),
    ...section('revoked', ['GRANT', 'USERNAME', 'RESOURCES', 'REASON', 'OK', 'ERROR'],
      report.revoked.map((r) => [r.grantId, r.username, r.resources.join(','), r.reason, r.ok ? 'yes' : 'no', r.error ?? ''])),
    ...report.warnings.map((w) => `warning: ${w}`),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
