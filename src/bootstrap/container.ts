import { container as globalContainer, Lifecycle, type DependencyContainer } from 'tsyringe';
import type { GrantStore } from '../grants/grant-store';
import type { Logger } from '../logging/types';
import type { Invocation } from './invocation';
import type { Provider } from './options';
import { Tokens } from './tokens';

/**
 * Registers providers, NestJS-style, on a container. A later registration of a
 * token wins over an earlier one, so tests and users can override anything.
 *
 * @example
 * ```ts
 * registerProviders(root, [{ token: PortalClient, useValue: fakePortal }]);
 * ```
 */
export function registerProviders(target: DependencyContainer, providers: readonly Provider[]): void {
  for (const provider of providers) {
    if ('useValue' in provider) target.register(provider.token, { useValue: provider.useValue });
    else if ('useFactory' in provider) target.register(provider.token, { useFactory: provider.useFactory });
    else if ('useToken' in provider) target.register(provider.token, { useToken: provider.useToken });
    else target.register(provider.token, { useClass: provider.useClass as never }, { lifecycle: provider.lifecycle ?? Lifecycle.Singleton });
  }
}

/**
 * The root container of one cold start: a child of tsyringe's global container
 * (so services registered there are seen) holding the framework's singletons.
 */
export function createRootContainer(store: GrantStore, rootLogger: Logger): DependencyContainer {
  const root = globalContainer.createChildContainer();
  root.register(Tokens.GrantStore, { useValue: store });
  root.register(Tokens.RootLogger, { useValue: rootLogger });
  return root;
}

/**
 * The container of one invocation, with the request-scoped tokens. Disposed at
 * the end of the invocation, which disposes what it created.
 */
export function createInvocationContainer(root: DependencyContainer, invocation: Invocation, request: object): DependencyContainer {
  const child = root.createChildContainer();
  child.register(Tokens.LambdaContext, { useValue: invocation.context });
  child.register(Tokens.Logger, { useValue: invocation.logger });
  child.register(Tokens.Invocation, { useValue: invocation });
  child.register(Tokens.Request, { useValue: request });
  return child;
}
