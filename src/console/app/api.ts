// Same-origin requests with the HttpOnly session cookie: the script never sees the token.
import type { SettledInvocation } from '../../cli/server/invoke-api-server';
import type { GrantTransition as Transition } from '../../grants/records';
import type { LedgerRow, LedgerView } from '../console-ledger';
import type { MaskedSettings } from '../console-settings';

/** The server's own types: erased by esbuild, so the page bundle carries none of the server. */
export type { LedgerRow, LedgerView, MaskedSettings, SettledInvocation, Transition };

/** What the page loads first. */
export interface ConsoleState {
  functionName: string;
  store: string;
  settings: MaskedSettings;
  invocations: SettledInvocation[];
  ledger: LedgerView;
}

/** What an invocation from the page answered. */
export interface ActionAnswer {
  settled: SettledInvocation;
  functionError: boolean;
  answer: unknown;
}

/** An error the server answered, with its message (never a secret: the server redacts). */
export class ConsoleApiError extends Error {
  override name = 'ConsoleApiError';
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const value = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ConsoleApiError(value.message ?? `the console answered ${response.status}`);
  return value as T;
}

/**
 * The server API.
 * @example const { answer } = await api.invoke({ action: 'list-resources' });
 */
export const api = {
  state: () => call<ConsoleState>('GET', '/console/api/state'),
  saveSettings: (settings: { resourceType: string; customParameters: Record<string, string> }) => call<MaskedSettings>('PUT', '/console/api/settings', settings),
  invoke: (request: Record<string, unknown> & { action: string }) => call<ActionAnswer>('POST', '/console/api/invoke', request),
};
