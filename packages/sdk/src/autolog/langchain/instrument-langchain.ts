import { errorMessage } from '@assay/core';
import type { Context } from '@opentelemetry/api';
import type { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { setTraceContextResolver } from '../../tracer/trace-context.js';
import { createAssayCallbackHandlerClass } from './create-assay-callback-handler-class.js';
import { langChainRunTracer } from './langchain-run-tracer.js';
import { addLangChainCopy, importLangChainEsModuleCopy, loadLangChainCopies, type LangChainCopy } from './load-langchain-copies.js';
import { patchCallbackManagerConfigure } from './patch-callback-manager-configure.js';
import { linkModelRunToFrame, modelCallFrameOf, patchModelCallFrames } from './patch-model-call-frames.js';
import { warnLangChainDegraded } from './warn-langchain-degraded.js';

// The context variable LangChain's public configure hook reads Assay's handler from.
const HANDLER_VARIABLE = 'assay_callback_handler';
// The `registerConfigureHook`s (one per copy) already registered in this
// async context, so that calling autolog() again does not register them again.
const HOOKED_COPIES_VARIABLE = 'assay_configure_hooked_copies';

interface Instrumentation {
  copies: LangChainCopy[];
  handler: BaseCallbackHandler;
  patched: WeakSet<LangChainCopy>;
}

let enabled = false;
let instrumentation: Instrumentation | undefined;
let pendingEsModuleCopy: Promise<void> = Promise.resolve();

const isEnabled = (): boolean => enabled;

// Public: LangChain adds the handler held in HANDLER_VARIABLE to every run
// started in this async context and the contexts it creates from now on.
function registerConfigureHook(copy: LangChainCopy, handler: BaseCallbackHandler): void {
  try {
    const hooked = copy.getContextVariable<readonly unknown[]>(HOOKED_COPIES_VARIABLE) ?? [];
    if (!hooked.includes(copy.registerConfigureHook)) {
      copy.registerConfigureHook({ contextVar: HANDLER_VARIABLE, inheritable: true });
      copy.setContextVariable(HOOKED_COPIES_VARIABLE, [...hooked, copy.registerConfigureHook]);
    }
    if (copy.getContextVariable(HANDLER_VARIABLE) !== handler) copy.setContextVariable(HANDLER_VARIABLE, handler);
  } catch (error) {
    console.warn(`[assay] LangChain autolog: could not register LangChain's configure hook: ${errorMessage(error)}`);
  }
}

// Private hooks, once per copy; see each patch for the behaviour it is needed for.
function patchCopy(copy: LangChainCopy, current: Instrumentation): void {
  if (current.patched.has(copy)) return;
  current.patched.add(copy);
  warnLangChainDegraded({
    configurePatched: patchCallbackManagerConfigure({ copy, handler: current.handler, isEnabled }),
    unpatchedModelMethods: patchModelCallFrames({ copy, isEnabled }),
  });
}

function setUpCopy(copy: LangChainCopy, current: Instrumentation): void {
  registerConfigureHook(copy, current.handler);
  patchCopy(copy, current);
}

function activeRunId(copy: LangChainCopy): string | undefined {
  const callbacks = copy.getRunnableConfig()?.callbacks as { getParentRunId?: () => string | undefined } | undefined;
  return typeof callbacks?.getParentRunId === 'function' ? callbacks.getParentRunId() : undefined;
}

function resolveContext(current: Context): Context {
  // Every copy reads the same AsyncLocalStorage, so the first one sees every run.
  const copy = instrumentation?.copies[0];
  if (!enabled || copy === undefined) return current;
  try {
    const frame = modelCallFrameOf(current);
    return langChainRunTracer.resolveContext(current, activeRunId(copy), frame?.runId, frame !== undefined);
  } catch {
    return current;
  }
}

function createInstrumentation(): Instrumentation | undefined {
  let copies: LangChainCopy[];
  try {
    copies = loadLangChainCopies();
  } catch {
    return undefined;
  }
  const [first] = copies;
  if (first === undefined) return undefined;
  const Handler = createAssayCallbackHandlerClass({ base: first.BaseCallbackHandler, isCapturing: isEnabled });
  const created: Instrumentation = { copies, handler: new Handler(), patched: new WeakSet() };
  langChainRunTracer.onModelRunStart = linkModelRunToFrame;
  pendingEsModuleCopy = importLangChainEsModuleCopy().then((copy) => {
    if (copy !== undefined && addLangChainCopy(created.copies, copy) && enabled) setUpCopy(copy, created);
  });
  return created;
}

/**
 * Captures every LangChain run as Assay spans, without callbacks passed by
 * the app: chains and runnables, chat models, LLMs, tools, retrievers,
 * parsers and agents. Assay spans started inside a run (a tool's function, a
 * RunnableLambda) nest under it, and a provider call made by a chat model is
 * not recorded a second time. It registers LangChain's public configure
 * hook in the calling async context and extends two private methods for
 * what that hook cannot reach (runs in contexts that did not descend from
 * this call; a model's provider call); if a LangChain release changed
 * them, it warns once and capture goes on through the public hook. Returns
 * false, without throwing, when `@langchain/core` cannot be loaded. Calling
 * it again re-enables capture and registers the hook in the new context.
 */
export function instrumentLangChain(): boolean {
  instrumentation ??= createInstrumentation();
  const current = instrumentation;
  if (current === undefined) return false;
  enabled = true;
  for (const copy of current.copies) setUpCopy(copy, current);
  setTraceContextResolver(resolveContext);
  return true;
}

/** Resolves once the asynchronously imported ES module build (see `loadLangChainCopies`) is instrumented too. */
export function langChainInstrumentationSettled(): Promise<void> {
  return pendingEsModuleCopy;
}

/**
 * Stops LangChain capture: Assay's handler starts no more spans (runs
 * already open still end), the configure hook finds no handler in this
 * context, and Assay's context resolver is removed.
 */
export function uninstrumentLangChain(): void {
  if (!enabled) return;
  enabled = false;
  setTraceContextResolver(undefined);
  // Context variables are shared by all copies: clearing it through one is enough.
  const copy = instrumentation?.copies[0];
  try {
    if (copy?.getContextVariable(HANDLER_VARIABLE) !== undefined) copy?.setContextVariable(HANDLER_VARIABLE, undefined);
  } catch {
    // LangChain's async-local state is unavailable: the handler, disabled, records nothing anyway.
  }
}
