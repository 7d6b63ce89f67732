// The console's page: no framework, no CDN, no inline code. See docs/local-loop.md#console-assets.
import { accessPanel } from './access-panel';
import { api, type ConsoleState, type SettledInvocation, type LedgerView, type MaskedSettings } from './api';
import { h, notice, noticeBar } from './dom';
import { invocationsPanel, ledgerPanel } from './live-panels';
import { reconcilePanel, settingsPanel } from './admin-panels';

async function start(root: HTMLElement): Promise<void> {
  let state: ConsoleState;
  try {
    state = await api.state();
  } catch (err) {
    root.replaceChildren(h('p', { class: 'notice notice-error' }, (err as Error).message));
    return;
  }
  const live = h('span', { id: 'live', class: 'live live-off' }, 'connecting…');
  const settingsNote = h('span', { id: 'settings-summary', class: 'hint' });
  const summarize = (settings: MaskedSettings): void => {
    settingsNote.textContent = settings.resourceType === '' ? 'set a resource type to begin' : `resource type ${settings.resourceType}`;
  };
  const access = accessPanel();
  const ledger = ledgerPanel((fields) => {
    access.fillRequest(fields);
    access.element.scrollIntoView({ behavior: 'smooth' });
    notice(`the request of ${fields.grantId} is in the form: press Revoke`, 'info');
  });
  const invocations = invocationsPanel();

  root.replaceChildren(
    h('header', {}, h('h1', {}, state.functionName), h('span', { class: 'hint' }, `store: ${state.store}`), settingsNote, live),
    noticeBar,
    h('div', { class: 'columns' }, h('div', {}, settingsPanel(state.settings, summarize), access.element, reconcilePanel()), h('div', {}, ledger.element, invocations.element)),
  );
  summarize(state.settings);
  ledger.show(state.ledger);
  for (const line of state.invocations) invocations.add(line);
  listen(live, (line) => invocations.add(line), (view) => ledger.show(view));
}

/** Follows the server's events: each settled invocation, and the ledger after it. */
function listen(indicator: HTMLElement, onInvocation: (line: SettledInvocation) => void, onLedger: (view: LedgerView) => void): void {
  const events = new EventSource('/console/api/events');
  events.addEventListener('ready', () => {
    indicator.textContent = 'live';
    indicator.className = 'live live-on';
  });
  events.addEventListener('invocation', (event) => onInvocation(JSON.parse((event as MessageEvent<string>).data) as SettledInvocation));
  events.addEventListener('ledger', (event) => onLedger(JSON.parse((event as MessageEvent<string>).data) as LedgerView));
  events.addEventListener('error', () => {
    // EventSource reconnects by itself; a closed server (serve stopped) stays "offline".
    indicator.textContent = events.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting…';
    indicator.className = 'live live-off';
  });
}

const root = document.getElementById('app');
if (root !== null) void start(root);
