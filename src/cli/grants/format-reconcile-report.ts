import type { ReconcileReport } from '../../reconcile/types';

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
 *
 * @example
 * ```ts
 * process.stdout.write(formatReconcileReport(report));
 * ```
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
