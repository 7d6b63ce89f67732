import type { SettledInvocation, LedgerRow, LedgerView, Transition } from './api';
import type { RequestFields } from './access-panel';
import { clock, fill, grid, h, panel } from './dom';

/**
 * The grant ledger, one row per grant_id with its payload and history; replaced whole on each push, open rows stay open.
 * @example ledgerPanel((fields) => access.fillRequest(fields)).show(state.ledger);
 */
export function ledgerPanel(onRevoke: (fields: RequestFields) => void): { element: HTMLElement; show(view: LedgerView): void } {
  const body = h('tbody', { id: 'ledger-rows' });
  const note = h('p', { class: 'hint', id: 'ledger-note' });
  const open = new Set<string>();

  const row = (record: LedgerRow): HTMLElement[] => {
    const toggle = h('button', { type: 'button', class: 'link', 'aria-expanded': open.has(record.grantId) ? 'true' : 'false' }, open.has(record.grantId) ? '▾' : '▸');
    const details = h('tr', { class: 'details', hidden: !open.has(record.grantId) }, h('td', { colspan: '7' }, detailsOf(record)));
    toggle.addEventListener('click', () => {
      if (open.has(record.grantId)) open.delete(record.grantId);
      else open.add(record.grantId);
      details.hidden = !open.has(record.grantId);
      toggle.textContent = open.has(record.grantId) ? '▾' : '▸';
    });
    const revoke =
      record.status === 'GRANTED'
        ? h('button', { type: 'button', class: 'link', onclick: () => onRevoke({ grantId: record.grantId, username: record.username, resources: record.resources, permission: record.permission }) }, 'revoke…')
        : null;
    return [
      h(
        'tr',
        { class: 'ledger-row', 'data-grant-id': record.grantId },
        h('td', {}, toggle),
        h('td', { class: 'mono' }, record.grantId),
        h('td', {}, record.username),
        h('td', {}, record.resources.join(', ')),
        h('td', {}, record.permission),
        h('td', {}, h('span', { class: `status status-${record.status.toLowerCase()}`, 'data-status': record.status }, record.status, record.tombstone ? ' (tombstone)' : '')),
        h('td', {}, clock(record.updatedAtMs), ' ', revoke),
      ),
      details,
    ];
  };

  const show = (view: LedgerView): void => {
    if (!view.readable) {
      fill(body);
      note.textContent = view.reason;
      return;
    }
    fill(body, ...view.records.flatMap(row));
    if (view.records.length === 0) fill(body, h('tr', {}, h('td', { colspan: '7', class: 'empty' }, 'no grants yet')));
    note.textContent = view.truncated ? 'The newest 500 records; "apono-lambda grants list --limit <n>" reads the rest.' : '';
  };

  const element = panel(
    'ledger',
    'Grant ledger',
    grid(['', 'Grant id', 'Username', 'Resources', 'Permission', 'Status', 'Updated'], body),
    note,
  );
  return { element, show };
}

function detailsOf(record: LedgerRow): HTMLElement {
  const payload = { resourceType: record.resourceType, resources: record.resources, permission: record.permission, ...(record.data === undefined ? {} : { data: record.data }) };
  return h(
    'div',
    { class: 'record-details' },
    h('div', {}, h('h3', {}, 'Payload'), h('pre', { class: 'payload' }, JSON.stringify(payload, null, 2)), record.lastError ? h('p', { class: 'error-text' }, `last error: ${record.lastError}`) : null),
    h('div', {}, h('h3', {}, 'History'), h('ol', { class: 'timeline' }, ...record.history.map(step))),
  );
}

function step(transition: Transition): HTMLElement {
  return h(
    'li',
    { class: `step status-${transition.to.toLowerCase()}` },
    h('span', { class: 'mono' }, clock(transition.atMs)),
    ' ',
    `${transition.from ?? '(new)'} → ${transition.to}`,
    h('span', { class: 'by' }, ` by ${transition.by}`),
    transition.error ? h('div', { class: 'error-text' }, transition.error) : null,
    transition.note ? h('div', { class: 'hint' }, transition.note) : null,
  );
}

const MAX_LINES = 200;

/**
 * The invocation log: every invocation the server ran, newest first, whoever sent it.
 * @example invocationsPanel().add(line);
 */
export function invocationsPanel(): { element: HTMLElement; add(line: SettledInvocation): void } {
  const body = h('tbody', { id: 'invocation-rows' });
  const add = (line: SettledInvocation): void => {
    const failed = line.outcome !== 'ok';
    const [errorName, errorMessage] = failed ? [line.outcome, line.error_message ?? ''] : ['', ''];
    body.prepend(
      h(
        'tr',
        { class: failed ? 'invocation failed' : 'invocation', 'data-request-id': line.request_id },
        h('td', { class: 'mono' }, clock(line.started_at_ms)),
        h('td', {}, line.event_type ?? '(none)'),
        h('td', { class: 'mono' }, line.grant_id ?? ''),
        h('td', { class: 'number' }, `${line.duration_ms.toFixed(1)} ms`),
        h('td', {}, h('span', { class: failed ? 'status status-failed' : 'status status-granted' }, failed ? 'error' : 'ok')),
        h('td', {}, errorName),
        h('td', {}, errorMessage),
      ),
    );
    while (body.children.length > MAX_LINES) body.lastElementChild?.remove();
  };
  const element = panel(
    'invocations',
    'Invocation log',
    grid(['Time', 'Event type', 'Grant id', 'Duration', 'Outcome', 'Error', 'Message'], body),
  );
  return { element, add };
}
