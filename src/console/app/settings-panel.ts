import { api, type MaskedSettings } from './api';
import { h, panel } from './dom';
import { busy, notice } from './feedback';

/**
 * The settings form: the resource type and the custom parameters every event
 * carries. Secret-looking values come back masked and are sent back masked
 * (the server keeps the value it holds); the server writes none of them to disk.
 *
 * @example
 * ```ts
 * const settings = settingsPanel(state.settings, (saved) => render(saved));
 * ```
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
