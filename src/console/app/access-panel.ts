import { busy, fill, functionErrorText, grid, h, notice, panel } from './dom';
import { api } from './api';

const MASKED = '••••••••••••';

/**
 * Where a returned credentials secret is shown, once, masked until revealed; a reload forgets it.
 * @example secretBox().show(answer.secret, 'create-credentials for dana');
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

interface Resource {
  id: string;
  name?: string;
  type?: string;
}

interface Permission {
  id: string;
  name?: string;
}

/** What a Revoke button of the ledger fills the request form with. */
export interface RequestFields {
  grantId: string;
  username: string;
  resources: string[];
  permission: string;
}

/** The access panel and the hook the ledger uses to revoke a row. */
export interface AccessPanel {
  element: HTMLElement;
  /** Puts a ledger row's request in the form (for a revoke). */
  fillRequest(fields: RequestFields): void;
}

/**
 * What Apono's user sees when requesting access: the listing, Grant and Revoke, and the credentials actions.
 * @example document.body.append(accessPanel().element);
 */
export function accessPanel(): AccessPanel {
  const resourceList = h('tbody', { id: 'resources' });
  const permission = h('select', { id: 'permission', name: 'permission', 'aria-label': 'permission' });
  const username = h('input', { id: 'username', name: 'username', placeholder: 'dana@example.com', autocomplete: 'off' });
  const grantId = h('input', { id: 'grant-id', name: 'grantId', autocomplete: 'off', value: crypto.randomUUID() });
  const extraResources = h('input', { id: 'extra-resources', placeholder: 'other resource ids, comma-separated', autocomplete: 'off' });
  const secret = secretBox();
  let listed = false;

  const showListing = (resources: Resource[], permissions: Permission[]): void => {
    fill(
      resourceList,
      ...resources.map((resource) =>
        h(
          'tr',
          {},
          h('td', {}, h('input', { type: 'checkbox', class: 'resource-pick', value: resource.id, 'aria-label': `pick ${resource.id}` })),
          h('td', { class: 'mono' }, resource.id),
          h('td', {}, resource.name ?? ''),
          h('td', {}, resource.type ?? ''),
        ),
      ),
    );
    if (resources.length === 0) fill(resourceList, h('tr', {}, h('td', { colspan: '4', class: 'empty' }, 'list-resources answered no resources')));
    fill(permission, ...permissions.map((p) => h('option', { value: p.id }, p.name !== undefined && p.name !== p.id ? `${p.name} (${p.id})` : p.id)));
    listed = true;
  };

  const pickedResources = (): string[] => {
    const picked = [...resourceList.querySelectorAll<HTMLInputElement>('.resource-pick:checked')].map((box) => box.value);
    const typed = extraResources.value.split(',').map((id) => id.trim()).filter((id) => id !== '');
    return [...new Set([...picked, ...typed])];
  };

  const chosenPermission = (): string => {
    if (!listed || permission.value === '') throw new Error('list the resources first: the permission comes from list-resources');
    return permission.value;
  };

  const run = async (request: Record<string, unknown> & { action: string }): Promise<unknown> => {
    const { answer, functionError } = await api.invoke(request);
    if (functionError) throw new Error(functionErrorText(answer));
    return answer;
  };

  const list = (event: Event) =>
    busy(event, async () => {
      const answer = (await run({ action: 'list-resources' })) as { resources?: Resource[]; permissions?: Permission[] };
      showListing(answer.resources ?? [], answer.permissions ?? []);
      notice(`list-resources: ${answer.resources?.length ?? 0} resources, ${answer.permissions?.length ?? 0} permissions`, 'ok');
    });

  const access = (action: 'grant-access' | 'revoke-access') => (event: Event) =>
    busy(event, async () => {
      const id = grantId.value.trim();
      await run({ action, grantId: id, username: username.value, resources: pickedResources(), permission: chosenPermission() });
      notice(`${action}: ${id} ok`, 'ok');
      // A new request gets a new grant id; a revoke keeps it, the ledger shows the record.
      if (action === 'grant-access') grantId.value = crypto.randomUUID();
    });

  const credentials = (action: 'create-credentials' | 'reset-credentials' | 'delete-credentials') => (event: Event) =>
    busy(event, async () => {
      const answer = (await run({ action, username: username.value, resources: pickedResources() })) as { secret?: unknown };
      if (typeof answer.secret === 'string') secret.show(answer.secret, `${action} for ${username.value.trim()}`);
      else secret.clear();
      notice(`${action}: ok`, 'ok');
    });

  const element = panel(
    'access',
    'Request access',
    h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'list-resources', onclick: list }, 'List resources')),
    grid(['', 'Resource', 'Name', 'Type'], resourceList),
    h(
      'div',
      { class: 'request-form' },
      h('label', {}, 'Username ', username),
      h('label', {}, 'Other resources ', extraResources),
      h('label', {}, 'Permission ', permission),
      h('label', {}, 'Grant id ', grantId),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('button', { type: 'button', id: 'grant', onclick: access('grant-access') }, 'Grant'),
      h('button', { type: 'button', id: 'revoke', class: 'danger', onclick: access('revoke-access') }, 'Revoke'),
      h('span', { class: 'separator' }),
      h('button', { type: 'button', id: 'create-credentials', onclick: credentials('create-credentials') }, 'Create credentials'),
      h('button', { type: 'button', id: 'reset-credentials', onclick: credentials('reset-credentials') }, 'Reset credentials'),
      h('button', { type: 'button', id: 'delete-credentials', class: 'danger', onclick: credentials('delete-credentials') }, 'Delete credentials'),
    ),
    secret.element,
  );

  return {
    element,
    fillRequest: (fields) => {
      grantId.value = fields.grantId;
      username.value = fields.username;
      for (const box of resourceList.querySelectorAll<HTMLInputElement>('.resource-pick')) box.checked = fields.resources.includes(box.value);
      const known = new Set([...resourceList.querySelectorAll<HTMLInputElement>('.resource-pick')].map((box) => box.value));
      extraResources.value = fields.resources.filter((id) => !known.has(id)).join(', ');
      if (![...permission.options].some((option) => option.value === fields.permission)) permission.append(h('option', { value: fields.permission }, fields.permission));
      permission.value = fields.permission;
      listed = true;
    },
  };
}
