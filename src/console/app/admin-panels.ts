import { api, type MaskedSettings } from './api';
import { busy, fill, functionErrorText, h, notice, panel } from './dom';

/**
 * The settings form; secret-looking values come back masked and go back masked (the server keeps them).
 * @example const settings = settingsPanel(state.settings, (saved) => render(saved));
 */
export function settingsPanel(initial: MaskedSettings, onSaved: (settings: MaskedSettings) => void): HTMLElement {
  const resourceType = h('input', { id: 'resource-type', name: 'resourceType', required: true, placeholder: 'project', autocomplete: 'off' });
  const rows = h('div', { class: 'parameters', id: 'custom-parameters' });
  const hint = h('p', { class: 'hint' });

  const addRow = (key = '', value = '', secret = false, missing = false): void => {
    const keyInput = h('input', { class: 'param-key', placeholder: 'key', value: key, autocomplete: 'off', 'aria-label': 'parameter name' });
    const valueInput = h('input', {
      class: 'param-value',
      type: secret ? 'password' : 'text',
      placeholder: missing ? 'enter again (not kept on disk)' : 'value',
      value,
      autocomplete: 'off',
      'aria-label': 'parameter value',
    });
    const row = h('div', { class: 'param-row' }, keyInput, valueInput, h('button', { type: 'button', class: 'link', onclick: () => row.remove() }, 'remove'));
    rows.append(row);
  };

  const show = (settings: MaskedSettings): void => {
    resourceType.value = settings.resourceType;
    rows.replaceChildren();
    for (const [key, value] of Object.entries(settings.customParameters)) {
      addRow(key, value, settings.secretKeys.includes(key), settings.missingSecrets.includes(key));
    }
    hint.textContent =
      settings.missingSecrets.length > 0
        ? `Enter again for this run: ${settings.missingSecrets.join(', ')} (secret-looking values are never written to disk).`
        : 'Kept in the data dir; secret-looking values are kept in memory for this run only, and shown masked.';
  };

  const read = (): { resourceType: string; customParameters: Record<string, string> } => {
    const customParameters: Record<string, string> = {};
    for (const row of rows.querySelectorAll('.param-row')) {
      const key = (row.querySelector('.param-key') as HTMLInputElement).value.trim();
      const value = (row.querySelector('.param-value') as HTMLInputElement).value;
      if (key !== '') customParameters[key] = value;
    }
    return { resourceType: resourceType.value.trim(), customParameters };
  };

  const form = h(
    'form',
    {
      id: 'settings-form',
      onsubmit: (event) => {
        event.preventDefault();
        void busy(event, async () => {
          const saved = await api.saveSettings(read());
          show(saved);
          onSaved(saved);
          notice('settings saved', 'ok');
        });
      },
    },
    h('label', {}, 'Resource type ', resourceType),
    h('fieldset', {}, h('legend', {}, 'Custom parameters'), rows, h('button', { type: 'button', class: 'link', id: 'add-parameter', onclick: () => addRow() }, '+ add parameter')),
    hint,
    h('button', { type: 'submit', id: 'save-settings' }, 'Save settings'),
  );
  show(initial);
  return panel('settings', 'Resource type and custom parameters', form);
}

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
 * Reconcile: a dry run first, then the run that revokes; without `@ListAccess` the panel says why not.
 * @example document.body.append(reconcilePanel());
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
