import type { InjectionToken } from 'tsyringe';

/**
 * Where the portal admin API key comes from. The portal client asks for it
 * on each call; the source decides how (and how long) to keep it.
 *
 * @example
 * ```ts
 * const key = await container.resolve(ADMIN_API_KEY_SOURCE).get(signal);
 * ```
 */
export interface AdminApiKeySource {
  /** The key. `signal` aborts a remote read (pass the invocation's, it fires before the Lambda deadline). */
  get(signal?: AbortSignal): Promise<string>;
}

/** The injection token of the {@link AdminApiKeySource} (a singleton: one key per cold start). */
export const ADMIN_API_KEY_SOURCE: InjectionToken<AdminApiKeySource> = Symbol.for('example-app.AdminApiKeySource');
