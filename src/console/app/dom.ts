// Elements built from text, never from HTML: nothing a function or a record answers becomes markup.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | boolean | undefined | ((event: Event) => void)>;

/**
 * An element with attributes (`on…` ones are listeners) and children (strings are text).
 * @example h('button', { type: 'button', onclick: () => save() }, 'Save');
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
}

/**
 * Replaces what `parent` holds.
 * @example fill(tbody, ...rows);
 */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false).map((child) => (typeof child === 'object' ? child : String(child))));
}

/**
 * A time as the page shows it: local `HH:MM:SS.mmm`.
 * @example clock(Date.now()); // '14:03:22.481'
 */
export function clock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * A titled section of the page.
 * @example panel('ledger', 'Grant ledger', table);
 */
export function panel(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel', id }, h('h2', {}, title), ...children);
}

/**
 * A table of the page's grid style: one header row of `headings`, then `body`.
 * @example grid(['Time', 'Event type'], tbody);
 */
export function grid(headings: readonly string[], body: HTMLTableSectionElement): HTMLTableElement {
  return h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', {}, heading)))), body);
}

/** The page's one line of feedback: what the last action did, or why it failed. */
export const noticeBar = h('p', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite' });

/**
 * Shows a message in the notice bar.
 * @example notice('granted g-1', 'ok');
 */
export function notice(message: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  noticeBar.textContent = message;
  noticeBar.className = `notice notice-${kind}`;
}

/**
 * Runs a button's work with the button disabled meanwhile; a failure goes to the notice bar.
 * @example h('button', { onclick: (event) => busy(event, () => api.invoke({ action: 'get-status' })) }, 'Status');
 */
export async function busy(event: Event, work: () => Promise<unknown>): Promise<void> {
  const button = event.currentTarget instanceof HTMLButtonElement ? event.currentTarget : undefined;
  if (button) button.disabled = true;
  try {
    await work();
  } catch (err) {
    notice((err as Error).message, 'error');
  } finally {
    if (button) button.disabled = false;
  }
}

/**
 * The message of an invocation the function failed: `errorType: errorMessage`.
 * @example functionErrorText({ errorType: 'UnsupportedEventError', errorMessage: 'no ListAccess method' });
 */
export function functionErrorText(answer: unknown): string {
  const { errorType, errorMessage } = (answer ?? {}) as { errorType?: string; errorMessage?: string };
  return `${errorType ?? 'Error'}: ${errorMessage ?? 'the function failed'}`;
}
