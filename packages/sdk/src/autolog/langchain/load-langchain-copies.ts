import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { CallbackManager } from '@langchain/core/callbacks/manager';
import type { getContextVariable, registerConfigureHook, setContextVariable } from '@langchain/core/context';

/** The parts of one loaded copy of `@langchain/core` (its CommonJS or its ES module build) that Assay uses. */
export interface LangChainCopy {
  /**
   * Public: `registerConfigureHook` of this copy. Each copy keeps its own
   * list of hooks (under a symbol of its own), so a hook registered in one
   * copy does not reach runs of another.
   */
  registerConfigureHook: typeof registerConfigureHook;
  /** Public: `setContextVariable`. Context variables are shared by every copy (one AsyncLocalStorage on `globalThis`). */
  setContextVariable: typeof setContextVariable;
  /** Public: `getContextVariable`. */
  getContextVariable: typeof getContextVariable;
  /** Public: the base class of callback handlers. */
  BaseCallbackHandler: typeof BaseCallbackHandler;
  /** Public (`@langchain/core/singletons`): the config of the runnable whose code is running, if any. */
  getRunnableConfig: () => { callbacks?: unknown } | undefined;
  /** Public (`@langchain/core/singletons`): runs `callback` with LangChain's async-local state empty, as in a context no run or `autolog()` led to. */
  runOutsideLangChainContext: <T>(callback: () => T) => T;
  /** `CallbackManager`: its public `configure` and the private `_configureSync` behind it. */
  CallbackManager: typeof CallbackManager;
  /** The prototypes of `BaseChatModel` and `BaseLLM`, whose private `_generateUncached` and `_streamIterator` run every model call. */
  modelPrototypes: object[];
}

// `context` first: importing it creates LangChain's shared AsyncLocalStorage,
// without which runnables pass no config (or run) to nested calls.
const SPECIFIERS = [
  '@langchain/core/context',
  '@langchain/core/callbacks/base',
  '@langchain/core/callbacks/manager',
  '@langchain/core/language_models/chat_models',
  '@langchain/core/language_models/llms',
  '@langchain/core/singletons',
] as const;

interface AsyncLocalStorageLike {
  run<T>(store: unknown, callback: () => T): T;
}

function toCopy(modules: unknown[]): LangChainCopy {
  const [context, base, manager, chatModels, llms, singletons] = modules as [
    Pick<LangChainCopy, 'registerConfigureHook' | 'setContextVariable' | 'getContextVariable'>,
    { BaseCallbackHandler: typeof BaseCallbackHandler },
    { CallbackManager: typeof CallbackManager },
    { BaseChatModel: { prototype: object } },
    { BaseLLM: { prototype: object } },
    { AsyncLocalStorageProviderSingleton: { getRunnableConfig(): { callbacks?: unknown } | undefined; getInstance(): AsyncLocalStorageLike } },
  ];
  const provider = singletons.AsyncLocalStorageProviderSingleton;
  return {
    registerConfigureHook: context.registerConfigureHook,
    setContextVariable: context.setContextVariable,
    getContextVariable: context.getContextVariable,
    BaseCallbackHandler: base.BaseCallbackHandler,
    getRunnableConfig: () => provider.getRunnableConfig(),
    runOutsideLangChainContext: (callback) => provider.getInstance().run(undefined, callback),
    CallbackManager: manager.CallbackManager,
    modelPrototypes: [chatModels.BaseChatModel.prototype, llms.BaseLLM.prototype],
  };
}

function isSameCopy(left: LangChainCopy, right: LangChainCopy): boolean {
  return left.registerConfigureHook === right.registerConfigureHook;
}

/** Adds `copy` to `copies` unless it is already there; true when added. */
export function addLangChainCopy(copies: LangChainCopy[], copy: LangChainCopy): boolean {
  if (copies.some((known) => isSameCopy(known, copy))) return false;
  copies.push(copy);
  return true;
}

/**
 * The copies of `@langchain/core` the app can load, found the way Assay's
 * own `import` and `require` would find its peer dependency: Node loads the
 * CommonJS (`.cjs`) and the ES module (`.js`) builds as two separate copies,
 * so both are loaded, synchronously: the CommonJS one with `require`, the ES
 * one with `require(esm)` (Node >= 20.19), which shares the instances an
 * `import` statement gets — except under loaders that compile `require`d ES
 * modules themselves (tsx), which is why `importLangChainEsModuleCopy` exists.
 * Empty when `@langchain/core` is not installed.
 */
export function loadLangChainCopies(): LangChainCopy[] {
  const require = createRequire(import.meta.url);
  const copies: LangChainCopy[] = [];
  const builds: Array<(specifier: string) => unknown> = [
    (specifier) => require(specifier),
    (specifier) => require(fileURLToPath(import.meta.resolve(specifier))),
  ];
  for (const load of builds) {
    try {
      addLangChainCopy(copies, toCopy(SPECIFIERS.map(load)));
    } catch {
      // This build cannot be loaded here (not installed, or no require(esm)); the other one may.
    }
  }
  return copies;
}

/** The ES module build as the app's `import` gets it, imported asynchronously (see `loadLangChainCopies`); undefined when it cannot be. */
export async function importLangChainEsModuleCopy(): Promise<LangChainCopy | undefined> {
  try {
    const modules: unknown[] = [];
    for (const specifier of SPECIFIERS) modules.push(await import(import.meta.resolve(specifier)));
    return toCopy(modules);
  } catch {
    return undefined;
  }
}
