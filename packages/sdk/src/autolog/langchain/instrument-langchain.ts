import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from '@opentelemetry/api';
import type { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { CallbackManager } from '@langchain/core/callbacks/manager';
import { ownTraceContext, runInTraceContext, setTraceContextResolver } from '../../tracer/trace-context.js';
import { langChainRunTracer } from './langchain-run-tracer.js';

/** The name of Assay's LangChain handler; LangChain keeps one handler per name in a run. */
export const ASSAY_HANDLER_NAME = 'assay';

// Set (in Assay's context) while a chat model or LLM generates: LangChain
// does not put a model's run into its async-local config, so the provider
// call it makes (ChatOpenAI -> openai `create`) is found through this frame.
interface ModelCallFrame {
  runId?: string;
}
const MODEL_CALL_KEY = Symbol.for('assay.langchain.model-call');

type AnyFunction = (...args: unknown[]) => unknown;
interface PatchTarget {
  [key: string | symbol]: unknown;
}
interface LoadedCopy {
  CallbackManager: typeof CallbackManager & PatchTarget;
  BaseCallbackHandler: typeof BaseCallbackHandler;
  BaseChatModel: { prototype: PatchTarget };
  BaseLLM: { prototype: PatchTarget };
  getRunnableConfig: () => { callbacks?: unknown } | undefined;
}

const PATCHED = Symbol.for('assay.langchain.patched');
let enabled = false;
let copies: LoadedCopy[] | undefined;
const handlers = new WeakMap<LoadedCopy, BaseCallbackHandler>();

interface LocatedPackage {
  require: NodeJS.Require;
  directory: string;
  exportsMap: Record<string, { import?: { default?: string }; require?: { default?: string } }> | undefined;
}

type Condition = 'require' | 'import';

const SUBPATHS = ['context', 'callbacks/manager', 'callbacks/base', 'language_models/chat_models', 'language_models/llms', 'singletons'] as const;

function locatePackage(): LocatedPackage | undefined {
  for (const base of [join(process.cwd(), 'noop.js'), import.meta.url]) {
    try {
      const require = createRequire(base);
      const packageJsonPath = require.resolve('@langchain/core/package.json');
      const exportsMap = (require(packageJsonPath) as { exports?: LocatedPackage['exportsMap'] }).exports;
      return { require, directory: dirname(packageJsonPath), exportsMap };
    } catch {
      // not resolvable from here; try the next base
    }
  }
  return undefined;
}

function exportPath(located: LocatedPackage, subpath: string, condition: Condition): string {
  const target = located.exportsMap?.[`./${subpath}`]?.[condition]?.default;
  if (target === undefined) throw new Error(`no ${condition} export for ${subpath}`);
  return join(located.directory, target);
}

// Importing `context` (first) initialises LangChain's shared AsyncLocalStorage,
// without which runnables pass no config (or run) to nested calls.
function toCopy(modules: Record<string, unknown>[]): LoadedCopy {
  const [, manager, base, chatModels, llms, singletons] = modules as [
    unknown,
    { CallbackManager: LoadedCopy['CallbackManager'] },
    { BaseCallbackHandler: typeof BaseCallbackHandler },
    { BaseChatModel: LoadedCopy['BaseChatModel'] },
    { BaseLLM: LoadedCopy['BaseLLM'] },
    { AsyncLocalStorageProviderSingleton: { getRunnableConfig: () => { callbacks?: unknown } | undefined } },
  ];
  return {
    CallbackManager: manager.CallbackManager,
    BaseCallbackHandler: base.BaseCallbackHandler,
    BaseChatModel: chatModels.BaseChatModel,
    BaseLLM: llms.BaseLLM,
    getRunnableConfig: () => singletons.AsyncLocalStorageProviderSingleton.getRunnableConfig(),
  };
}

// @langchain/core ships CommonJS (`.cjs`) and ES module (`.js`) builds, which
// Node loads as two separate copies. Both are loaded synchronously here: the
// CommonJS one with `require`, the ES one with `require(esm)` (Node >= 20.19),
// which shares the instances an `import` statement gets — except under loaders
// that compile `require`d ES modules themselves (tsx), which is why
// `loadEsModuleCopy` also imports the ES build asynchronously.
function loadCopies(located: LocatedPackage): LoadedCopy[] {
  const loaded: LoadedCopy[] = [];
  for (const condition of ['require', 'import'] as const) {
    try {
      loaded.push(toCopy(SUBPATHS.map((subpath) => located.require(exportPath(located, subpath, condition)) as Record<string, unknown>)));
    } catch {
      // This build cannot be loaded here (e.g. no require(esm)); the other one still works.
    }
  }
  return loaded;
}

async function loadEsModuleCopy(located: LocatedPackage): Promise<LoadedCopy | undefined> {
  try {
    const modules: Record<string, unknown>[] = [];
    for (const subpath of SUBPATHS) modules.push((await import(pathToFileURL(exportPath(located, subpath, 'import')).href)) as Record<string, unknown>);
    return toCopy(modules);
  } catch {
    return undefined;
  }
}

const TRACER_METHODS = [
  'handleChainStart',
  'handleChainEnd',
  'handleChainError',
  'handleChatModelStart',
  'handleLLMStart',
  'handleLLMNewToken',
  'handleLLMEnd',
  'handleLLMError',
  'handleToolStart',
  'handleToolEnd',
  'handleToolError',
  'handleRetrieverStart',
  'handleRetrieverEnd',
  'handleRetrieverError',
  'handleAgentAction',
  'handleAgentEnd',
] as const;

const START_METHODS: ReadonlySet<string> = new Set(TRACER_METHODS.filter((method) => method.endsWith('Start')));

// The global handler, a subclass of the loaded copy's BaseCallbackHandler.
// It is awaited, so spans start and end in LangChain's order and are ended
// before `invoke` returns; once uninstrumented it starts no spans (runs
// already open still end).
function createGlobalHandler(copy: LoadedCopy): BaseCallbackHandler {
  const Base = copy.BaseCallbackHandler as unknown as new () => BaseCallbackHandler;
  class AssayGlobalCallbackHandler extends Base {
    name = ASSAY_HANDLER_NAME;
    constructor() {
      super();
      this.awaitHandlers = true;
      for (const method of TRACER_METHODS) {
        const tracerMethod = (langChainRunTracer[method] as AnyFunction).bind(langChainRunTracer);
        (this as unknown as PatchTarget)[method] = (...args: unknown[]) => {
          if (!enabled && START_METHODS.has(method)) return;
          tracerMethod(...args);
        };
      }
    }
    override copy(): BaseCallbackHandler {
      return this;
    }
  }
  return new AssayGlobalCallbackHandler();
}

function hasAssayHandler(manager: { handlers?: Array<{ name?: string }> }): boolean {
  return manager.handlers?.some((handler) => handler.name === ASSAY_HANDLER_NAME) ?? false;
}

function patchConfigure(copy: LoadedCopy): void {
  const Manager = copy.CallbackManager;
  const original = Manager._configureSync as AnyFunction;
  Manager._configureSync = function (this: unknown, ...args: unknown[]) {
    let manager = original.apply(this, args) as CallbackManager | undefined;
    if (!enabled) return manager;
    try {
      if (manager === undefined) manager = new copy.CallbackManager();
      if (!hasAssayHandler(manager)) manager.addHandler(handlers.get(copy) ?? createGlobalHandler(copy), true);
    } catch (error) {
      console.warn(`[assay] LangChain autolog: could not add the Assay handler: ${error instanceof Error ? error.message : String(error)}`);
    }
    return manager;
  } as typeof Manager._configureSync;
}

function wrapGenerator(generator: AsyncGenerator<unknown>, context: Context): AsyncGenerator<unknown> {
  const wrapper: AsyncGenerator<unknown> = {
    next: (...args) => runInTraceContext(context, () => generator.next(...args)),
    return: (value) => runInTraceContext(context, () => generator.return(value)),
    throw: (error) => runInTraceContext(context, () => generator.throw(error)),
    [Symbol.asyncIterator]() {
      return wrapper;
    },
  };
  return wrapper;
}

// `_generateUncached` (invoke/generate) and `_streamIterator` (stream) are
// where every chat model and LLM starts its run and calls its provider; they
// are defined on the base classes only, so one patch covers all providers.
function patchModelClass(prototype: PatchTarget): void {
  const generate = prototype._generateUncached as AnyFunction | undefined;
  if (typeof generate === 'function') {
    prototype._generateUncached = function (this: unknown, ...args: unknown[]) {
      if (!enabled) return generate.apply(this, args);
      const context = ownTraceContext().setValue(MODEL_CALL_KEY, {} satisfies ModelCallFrame);
      return runInTraceContext(context, () => generate.apply(this, args));
    };
  }
  const stream = prototype._streamIterator as AnyFunction | undefined;
  if (typeof stream === 'function') {
    prototype._streamIterator = function (this: unknown, ...args: unknown[]) {
      if (!enabled) return stream.apply(this, args);
      const context = ownTraceContext().setValue(MODEL_CALL_KEY, {} satisfies ModelCallFrame);
      return wrapGenerator(runInTraceContext(context, () => stream.apply(this, args)) as AsyncGenerator<unknown>, context);
    };
  }
}

function activeRunId(copy: LoadedCopy): string | undefined {
  const callbacks = copy.getRunnableConfig()?.callbacks as { getParentRunId?: () => string | undefined } | undefined;
  return typeof callbacks?.getParentRunId === 'function' ? callbacks.getParentRunId() : undefined;
}

function resolveContext(current: Context): Context {
  if (!enabled || copies === undefined) return current;
  try {
    const frame = current.getValue(MODEL_CALL_KEY) as ModelCallFrame | undefined;
    // All copies share one AsyncLocalStorage (a global), so the first copy sees every run.
    const firstCopy = copies[0];
    const runId = firstCopy === undefined ? undefined : activeRunId(firstCopy);
    return langChainRunTracer.resolveContext(current, runId, frame?.runId, frame !== undefined);
  } catch {
    return current;
  }
}

/**
 * Captures every LangChain run in the process as Assay spans, without
 * callbacks passed by the app: chains and runnables, chat models, LLMs,
 * tools, retrievers, parsers and agents. Assay spans started inside a run (a
 * tool's function, a RunnableLambda) nest under it, and a provider call made
 * by a chat model is not recorded a second time. Returns false, without
 * throwing, when `@langchain/core` cannot be loaded. Calling it again does
 * nothing more.
 */
export function instrumentLangChain(): boolean {
  if (copies === undefined) {
    let located: LocatedPackage | undefined;
    let loaded: LoadedCopy[] = [];
    try {
      located = locatePackage();
      if (located) loaded = loadCopies(located);
    } catch {
      loaded = [];
    }
    if (located === undefined || loaded.length === 0) return false;
    copies = loaded;
    langChainRunTracer.onModelRunStart = (runId) => {
      const frame = ownTraceContext().getValue(MODEL_CALL_KEY) as ModelCallFrame | undefined;
      if (frame !== undefined && frame.runId === undefined) frame.runId = runId;
    };
    pendingEsModuleCopy = loadEsModuleCopy(located).then((copy) => {
      if (copy && copies && !copies.some((known) => known.CallbackManager === copy.CallbackManager)) {
        copies.push(copy);
        if (enabled) patchCopies();
      }
    });
  }
  patchCopies();
  enabled = true;
  setTraceContextResolver(resolveContext);
  return true;
}

function patchCopies(): void {
  for (const copy of copies ?? []) {
    const manager = copy.CallbackManager as PatchTarget;
    if (manager[PATCHED] === true) continue;
    manager[PATCHED] = true;
    handlers.set(copy, createGlobalHandler(copy));
    patchConfigure(copy);
    patchModelClass(copy.BaseChatModel.prototype);
    patchModelClass(copy.BaseLLM.prototype);
  }
}

let pendingEsModuleCopy: Promise<void> = Promise.resolve();

/** Resolves once the asynchronously imported ES module build (see `loadCopies`) is instrumented too. */
export function langChainInstrumentationSettled(): Promise<void> {
  return pendingEsModuleCopy;
}

/** Stops LangChain capture: the global handler starts no more spans and Assay's context resolver is removed. */
export function uninstrumentLangChain(): void {
  if (!enabled) return;
  enabled = false;
  setTraceContextResolver(undefined);
}
