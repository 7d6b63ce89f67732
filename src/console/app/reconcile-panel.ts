import { api } from './api';
import { fill, h, panel } from './dom';
import { busy, functionErrorText, notice } from './feedback';

interface Report {
  dryRun: boolean;
  counts: Record<string, number>;
  orphaned: Array<{ username: string; resources: string[]; permission: string; grantId?: string; reason: string; action: string }>;
  missing: Array<{ grantId: string; username: string; resources: string[]; permission: string }>;
  uncertain: Array<{ grantId: string; status: string }>;
  revoked: Array<{ grantId: string; username: string; resources: string[]; ok: boolean; error?: string }>;
  warnings: string[];
}

/**
 * Reconcile: the ledger checked against what `@ListAccess` lists. A dry run
 * comes first; the run that revokes is offered after it. An integration without
 * `@ListAccess` answers why it cannot reconcile, and the panel says so.
 *
 * @example
 * ```ts
 * document.body.append(reconcilePanel());
 * ```
 */
export function reconcilePanel(): HTMLElement {
  const report = h('div', { id: 'reconcile-report' }, h('p', { class: 'hint' }, 'Needs a @ListAccess method. Start with a dry run: it reports, and revokes nothing.'));
  const apply = h('button', { type: 'button', id: 'reconcile-run', class: 'danger', disabled: true }, 'Reconcile (revokes)');

  const run = (dryRun: boolean) => (event: Event) =>
    busy(event, async () => {
      const { answer, functionError } = await api.invoke({ action: 'reconcile', dryRun });
      if (functionError) {
        const text = functionErrorText(answer);
        fill(report, h('p', { class: 'error-text' }, /@ListAccess/.test(text) ? `This integration cannot reconcile: ${text}` : text));
        apply.disabled = true;
        throw new Error(text);
      }
      show(answer as Report);
      apply.disabled = !dryRun;
      notice(dryRun ? 'reconcile dry run: nothing was revoked' : 'reconcile ran', 'ok');
    });

  const show = (value: Report): void => {
    const section = (title: string, items: string[]) => (items.length === 0 ? null : h('div', {}, h('h3', {}, title), h('ul', {}, ...items.map((item) => h('li', {}, item)))));
    fill(
      report,
      h('p', {}, h('strong', {}, value.dryRun ? 'Dry run. ' : 'Run. '), Object.entries(value.counts).map(([name, count]) => `${name}: ${count}`).join(' · ')),
      section('Orphaned (access without a live grant)', value.orphaned.map((o) => `${o.username} · ${o.resources.join(', ')} · ${o.permission} — ${o.reason}, ${value.dryRun ? 'would ' : ''}${o.action}${o.grantId ? ` (${o.grantId})` : ''}`)),
      section('Missing (granted, not in the application)', value.missing.map((m) => `${m.grantId}: ${m.username} · ${m.resources.join(', ')} · ${m.permission}`)),
      section('Uncertain', value.uncertain.map((u) => `${u.grantId}: ${u.status}`)),
      section('Revoked', value.revoked.map((r) => `${r.grantId}: ${r.username} · ${r.resources.join(', ')} — ${r.ok ? 'ok' : r.error ?? 'failed'}`)),
      section('Warnings', value.warnings),
    );
  };

  apply.addEventListener('click', run(false));
  return panel('reconcile', 'Reconcile', h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'reconcile-dry-run', onclick: run(true) }, 'Dry run'), apply), report);
}
