import { container as globalContainer, type DependencyContainer, instanceCachingFactory, instancePerContainerCachingFactory, Lifecycle } from 'tsyringe';
import type { GrantStore } from '../grants/grant-store';
import { CorrelatedLogger, type Logger } from '../logging/logger';
import type { Invocation } from './invocation';
import type { Provider } from './options';

type Factory = (container: DependencyContainer) => unknown;

interface Disposable {
  dispose(): unknown;
}

function isDisposable(value: unknown): value is Disposable {
  return typeof value === 'object' && value !== null && typeof (value as { dispose?: unknown }).dispose === 'function';
}

/** Disposables that per-invocation factories made, by container: tsyringe disposes only what it constructed. */
const factoryMade = new WeakMap<DependencyContainer, Disposable[]>();

function tracked(factory: Factory): Factory {
  return (container) => {
    const value = factory(container);
    if (isDisposable(value)) factoryMade.set(container, [...(factoryMade.get(container) ?? []), value]);
    return value;
  };
}

/** The singletons each root container's factories built, in order, for {@link disposeRootContainer}. */
const builtSingletons = new WeakMap<DependencyContainer, unknown[]>();

function remember<T>(root: DependencyContainer, instance: T): T {
  const built = builtSingletons.get(root) ?? [];
  built.push(instance);
  builtSingletons.set(root, built);
  return instance;
}

/** A factory for the provider's lifecycle: singletons are built in the root, see docs/architecture.md#dependency-injection. */
function lifecycleFactory(root: DependencyContainer, lifecycle: Lifecycle, factory: Factory): Factory {
  switch (lifecycle) {
    case Lifecycle.Singleton:
      return instanceCachingFactory(() => remember(root, factory(root)));
    case Lifecycle.ContainerScoped:
      return instancePerContainerCachingFactory(tracked(factory));
    default:
      return factory;
  }
}

/** Registers `providers` on the root container; see docs/architecture.md#dependency-injection. @example registerProviders(root, [{ token: PortalClient, useValue: fakePortal }]); */
export function registerProviders(root: DependencyContainer, providers: readonly Provider[]): void {
  // Builds the useClass singletons, and is never disposed: tsyringe tracks what a container constructs, and
  // root.dispose() would dispose a singleton a second time after disposeRootContainer's ordered pass.
  const builder = root.createChildContainer();
  for (const provider of providers) {
    if ('useValue' in provider) {
      root.register(provider.token, { useValue: provider.useValue });
    } else if ('useToken' in provider) {
      root.register(provider.token, { useToken: provider.useToken });
    } else if ('useFactory' in provider) {
      root.register(provider.token, { useFactory: lifecycleFactory(root, provider.lifecycle ?? Lifecycle.Singleton, provider.useFactory) });
    } else {
      const lifecycle = provider.lifecycle ?? Lifecycle.Singleton;
      const useClass = provider.useClass as new (...args: never[]) => unknown;
      if (lifecycle === Lifecycle.Singleton) {
        // A private transient registration builds it, so the token (often the class itself) does not resolve to itself.
        const construction = Symbol(`construct ${String(useClass.name)}`);
        root.register(construction, { useClass });
        root.register(provider.token, { useFactory: instanceCachingFactory(() => remember(root, builder.resolve(construction))) });
      } else {
        root.register(provider.token, { useClass }, { lifecycle });
      }
    }
  }
}

/** One cold start's root container, a child of tsyringe's global one; its RootLogger redacts like an invocation's. */
export function createRootContainer(store: GrantStore, rootLogger: Logger): DependencyContainer {
  const root = globalContainer.createChildContainer();
  root.register(Tokens.GrantStore, { useValue: store });
  root.register(Tokens.RootLogger, { useValue: new CorrelatedLogger(rootLogger, {}) });
  return root;
}

/** One invocation's child container, with the request-scoped tokens. */
export function createInvocationContainer(root: DependencyContainer, invocation: Invocation, request: object): DependencyContainer {
  const child = root.createChildContainer();
  child.register(Tokens.LambdaContext, { useValue: invocation.context });
  child.register(Tokens.Logger, { useValue: invocation.logger });
  child.register(Tokens.Invocation, { useValue: invocation });
  child.register(Tokens.Request, { useValue: request });
  return child;
}

/**
 * Disposes an invocation's container and what its factories made. A failure is reported, not thrown: the answer must still reach Apono.
 * @example await disposeInvocationContainer(scope, (err) => logger.warn('dispose failed', { error: err }));
 */
export async function disposeInvocationContainer(child: DependencyContainer, report: (err: unknown) => void): Promise<void> {
  const made = factoryMade.get(child) ?? [];
  factoryMade.delete(child);
  const results = await Promise.allSettled([child.dispose(), ...made.map(async (instance) => instance.dispose())]);
  for (const result of results) if (result.status === 'rejected') report(result.reason);
}

/**
 * Disposes a root container's singletons that have `dispose()`, newest first, then the container; a failure is reported and the rest still run.
 * @example await disposeRootContainer(root, (err) => logger.warn('dispose failed', { error: err }));
 */
export async function disposeRootContainer(root: DependencyContainer, report: (err: unknown) => void): Promise<void> {
  const built = builtSingletons.get(root) ?? [];
  builtSingletons.delete(root);
  for (const instance of [...built].reverse()) {
    if (!isDisposable(instance)) continue;
    try {
      await instance.dispose();
    } catch (err) {
      report(err);
    }
  }
  try {
    await root.dispose();
  } catch (err) {
    report(err);
  }
}

/**
 * The framework's injection tokens. Root: `GrantStore`, `RootLogger`; per invocation: `LambdaContext`, `Logger`, `Invocation`, `Request`.
 * Strings, not symbols, so that two bundled copies of the package agree.
 * @example constructor(@inject(Tokens.Logger) private readonly logger: Logger) { super(); }
 */
export const Tokens = {
  GrantStore: 'apono-lambda-kit:GrantStore',
  RootLogger: 'apono-lambda-kit:RootLogger',
  LambdaContext: 'apono-lambda-kit:LambdaContext',
  Logger: 'apono-lambda-kit:Logger',
  Invocation: 'apono-lambda-kit:Invocation',
  Request: 'apono-lambda-kit:Request',
} as const;
