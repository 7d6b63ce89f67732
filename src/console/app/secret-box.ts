import { h } from './dom';
import { notice } from './feedback';

const MASKED = '••••••••••••';

/**
 * Where a returned credentials secret is shown, once: masked until revealed,
 * with a copy button. It lives in this page's memory only: the server keeps no
 * copy and never sends it again, so a reload forgets it.
 *
 * @example
 * ```ts
 * const box = secretBox();
 * box.show(answer.secret, 'create-credentials for dana');
 * ```
 */
export function secretBox(): { element: HTMLElement; show(secret: string, label: string): void; clear(): void } {
  let secret: string | undefined;
  let revealed = false;
  const value = h('code', { id: 'secret-value', class: 'secret-value' });
  const label = h('span', { class: 'secret-label' });
  const reveal = h('button', { type: 'button', id: 'reveal-secret', class: 'link', onclick: () => toggle() }, 'reveal');
  const element = h(
    'div',
    { id: 'secret', class: 'secret', hidden: true },
    h('strong', {}, 'Secret, shown once: '),
    label,
    h('div', { class: 'secret-row' }, value, reveal, h('button', { type: 'button', id: 'copy-secret', onclick: () => copy() }, 'Copy'), h('button', { type: 'button', class: 'link', id: 'dismiss-secret', onclick: () => clear() }, 'dismiss')),
    h('p', { class: 'hint' }, 'Copy it now: the console does not keep it, and will not show it again.'),
  );

  const render = (): void => {
    value.textContent = secret === undefined ? '' : revealed ? secret : MASKED;
    reveal.textContent = revealed ? 'hide' : 'reveal';
  };
  const toggle = (): void => {
    revealed = !revealed;
    render();
  };
  const copy = (): void => {
    if (secret === undefined) return;
    navigator.clipboard.writeText(secret).then(
      () => notice('secret copied to the clipboard', 'ok'),
      () => notice('the browser refused the clipboard: reveal the secret and copy it by hand', 'error'),
    );
  };
  const clear = (): void => {
    secret = undefined;
    revealed = false;
    element.hidden = true;
    render();
  };

  return {
    element,
    show: (next, text) => {
      secret = next;
      revealed = false;
      label.textContent = text;
      element.hidden = false;
      render();
    },
    clear,
  };
}
