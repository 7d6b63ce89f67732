import { h } from './dom';

/** The page's one line of feedback: what the last action did, or why it failed. */
export const noticeBar = h('p', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite' });

/**
 * Shows a message in the notice bar.
 *
 * @example
 * ```ts
 * notice('granted g-1', 'ok');
 * ```
 */
export function notice(message: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  noticeBar.textContent = message;
  noticeBar.className = `notice notice-${kind}`;
}

/**
 * Runs a button's work with the button disabled meanwhile; a failure goes to the notice bar.
 *
 * @example
 * ```ts
 * h('button', { onclick: (event) => busy(event, () => api.invoke({ action: 'get-status' })) }, 'Status');
 * ```
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
 *
 * @example
 * ```ts
 * functionErrorText({ errorType: 'UnsupportedEventError', errorMessage: 'no @ListAccess' });
 * ```
 */
export function functionErrorText(answer: unknown): string {
  const { errorType, errorMessage } = (answer ?? {}) as { errorType?: string; errorMessage?: string };
  return `${errorType ?? 'Error'}: ${errorMessage ?? 'the function failed'}`;
}
