import type { Context } from '@opentelemetry/api';
import { ownTraceContext, runInTraceContext } from '../../tracer/trace-context.js';
import type { LangChainCopy } from './load-langchain-copies.js';
import { replaceMethod } from './replace-method.js';

/** Set in Assay's context while a chat model or LLM generates: the run of that model call, once its span started. */
export interface ModelCallFrame {
  /** The model run's id, set when its start callback records it. */
  runId?: string;
}

/** Options of `patchModelCallFrames`. */
export interface PatchModelCallFramesOptions {
  /** The copy of `@langchain/core` whose `BaseChatModel` and `BaseLLM` are patched. */
  copy: LangChainCopy;
  /** Whether autolog is on; when off model calls run untouched. */
  isEnabled: () => boolean;
}

const MODEL_CALL_KEY = Symbol.for('assay.langchain.model-call');

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

/** The frame of the model call running in `context`, if any. */
export function modelCallFrameOf(context: Context): ModelCallFrame | undefined {
  return context.getValue(MODEL_CALL_KEY) as ModelCallFrame | undefined;
}

/** Links a model run that just started to the model call running here (its start callback runs inside the call). */
export function linkModelRunToFrame(runId: string): void {
  const frame = modelCallFrameOf(ownTraceContext());
  if (frame !== undefined && frame.runId === undefined) frame.runId = runId;
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

// What each method returns, kept in the frame's context: `_generateUncached`
// a promise (its work already runs in it); `_streamIterator` an async
// generator, whose body runs at each `next()`, in the caller's context.
const FRAMED_METHODS: Record<string, (result: unknown, context: Context) => unknown> = {
  _generateUncached: (result) => result,
  _streamIterator: (result, context) => wrapGenerator(result as AsyncGenerator<unknown>, context),
};

/**
 * PRIVATE HOOKS: `_generateUncached` (invoke, batch, generate) and
 * `_streamIterator` (stream) of `BaseChatModel.prototype` and
 * `BaseLLM.prototype` are wrapped to run in an Assay context holding a
 * model-call frame. They are where every chat model and LLM starts its run
 * and calls its provider, defined on the base classes only, so one patch
 * covers all providers.
 *
 * Why no public hook does it: LangChain does not put a model's run in its
 * async-local state. Inside a model's `_generate` (where ChatOpenAI calls
 * openai's `create`) `getRunnableConfig()` is undefined, even within a
 * RunnableSequence, and a context variable a handler sets in
 * `handleChatModelStart` does not reach it. The frame is what lets (1) the
 * provider call be recognised as the model's own call and recorded once,
 * as the model's span, and (2) Assay spans started inside a model call
 * nest under the model's span.
 *
 * Returns the names of the methods this release does not have as expected
 * (their model calls then run without a frame).
 */
export function patchModelCallFrames(options: PatchModelCallFramesOptions): string[] {
  const { copy, isEnabled } = options;
  const missing: string[] = [];
  for (const prototype of copy.modelPrototypes) {
    const owner = (prototype.constructor as { name?: string } | undefined)?.name ?? 'model';
    for (const [name, keepFrame] of Object.entries(FRAMED_METHODS)) {
      const restore = replaceMethod<AnyMethod>({
        target: prototype,
        name,
        wrap: (original) =>
          function (this: unknown, ...args: unknown[]) {
            if (!isEnabled()) return original.apply(this, args);
            const context = ownTraceContext().setValue(MODEL_CALL_KEY, {} satisfies ModelCallFrame);
            return keepFrame(runInTraceContext(context, () => original.apply(this, args)), context);
          },
      });
      if (restore === undefined) missing.push(`${owner}.${name}`);
    }
  }
  return missing;
}
