import type { InvocationLine } from './api';
import { clock, h, panel } from './dom';

const MAX_LINES = 200;

/**
 * The invocation log: every invocation the server ran, newest first, whoever
 * sent it (this page, the CLI, curl, the AWS SDK).
 *
 * @example
 * ```ts
 * const log = invocationsPanel();
 * log.add(line);
 * ```
 */
export function invocationsPanel(): { element: HTMLElement; add(line: InvocationLine): void } {
  const body = h('tbody', { id: 'invocation-rows' });
  const add = (line: InvocationLine): void => {
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
    h(
      'table',
      { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Event type'), h('th', {}, 'Grant id'), h('th', {}, 'Duration'), h('th', {}, 'Outcome'), h('th', {}, 'Error'), h('th', {}, 'Message'))),
      body,
    ),
  );
  return { element, add };
}
