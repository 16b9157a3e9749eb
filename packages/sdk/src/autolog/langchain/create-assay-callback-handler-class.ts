import type { BaseCallbackHandler, BaseCallbackHandlerInput } from '@langchain/core/callbacks/base';
import { countWrappedOpenAICall } from '../openai/openai-call-count.js';
import { langChainRunTracer as tracer, type LangChainRunTracer } from './langchain-run-tracer.js';

/** The name of Assay's LangChain handlers; LangChain keeps one handler per name in a run, so a run is recorded once. */
export const ASSAY_HANDLER_NAME = 'assay';

/** Options of `createAssayCallbackHandlerClass`. */
export interface AssayCallbackHandlerClassOptions {
  /**
   * The `BaseCallbackHandler` class to extend: the one the app imports (for
   * `AssayCallbackHandler`), or that of a copy of `@langchain/core` autolog
   * loaded (LangChain recognises handlers by shape, so one class serves
   * every copy).
   */
  base: typeof BaseCallbackHandler;
  /** Whether runs that start now are recorded; runs already recorded always end. Default: always. */
  isCapturing?: () => boolean;
}

type TracerArguments<Method extends keyof LangChainRunTracer> = LangChainRunTracer[Method] extends (...args: infer Arguments) => unknown
  ? Arguments
  : never;

/** The callbacks Assay records: the tracer's `handle*` methods. */
export type AssayCallbacks = { [Name in Extract<keyof LangChainRunTracer, `handle${string}`>]: (...args: TracerArguments<Name>) => void };

/** The class `createAssayCallbackHandlerClass` makes: a `BaseCallbackHandler` named `assay` with Assay's callbacks. */
export type AssayCallbackHandlerClass = new (input?: BaseCallbackHandlerInput) => AssayCallbacks & Omit<BaseCallbackHandler, 'name'> & { name: string };

/**
 * The class of Assay's LangChain callback handlers: each callback forwards
 * to the one `langChainRunTracer`, so runs seen by several handlers (the
 * explicit `AssayCallbackHandler` and the one autolog registers) share their
 * spans, and Assay spans started inside a run find it.
 */
export function createAssayCallbackHandlerClass(options: AssayCallbackHandlerClassOptions): AssayCallbackHandlerClass {
  const { base, isCapturing = () => true } = options;
  class AssayCallbackHandlerBase extends base {
    name = ASSAY_HANDLER_NAME;

    constructor(input?: BaseCallbackHandlerInput) {
      super(input);
      // Awaited, so spans start and end in the order of the runs and are
      // ended before `invoke` returns (a `flush()` right after sees them).
      this.awaitHandlers = true;
    }

    // The handler keeps no state of its own (the tracer does): copies would only cost allocations.
    override copy(): this {
      return this;
    }

    override handleChainStart(...args: TracerArguments<'handleChainStart'>): void {
      if (isCapturing()) tracer.handleChainStart(...args);
    }
    override handleChainEnd(...args: TracerArguments<'handleChainEnd'>): void {
      tracer.handleChainEnd(...args);
    }
    override handleChainError(...args: TracerArguments<'handleChainError'>): void {
      tracer.handleChainError(...args);
    }
    // A model run records its call even when the openai copy under it is one autolog could not reach: not a call to report as untraced.
    override handleChatModelStart(...args: TracerArguments<'handleChatModelStart'>): void {
      if (!isCapturing()) return;
      countWrappedOpenAICall();
      tracer.handleChatModelStart(...args);
    }
    override handleLLMStart(...args: TracerArguments<'handleLLMStart'>): void {
      if (!isCapturing()) return;
      countWrappedOpenAICall();
      tracer.handleLLMStart(...args);
    }
    override handleLLMNewToken(...args: TracerArguments<'handleLLMNewToken'>): void {
      tracer.handleLLMNewToken(...args);
    }
    override handleLLMEnd(...args: TracerArguments<'handleLLMEnd'>): void {
      tracer.handleLLMEnd(...args);
    }
    override handleLLMError(...args: TracerArguments<'handleLLMError'>): void {
      tracer.handleLLMError(...args);
    }
    override handleToolStart(...args: TracerArguments<'handleToolStart'>): void {
      if (isCapturing()) tracer.handleToolStart(...args);
    }
    override handleToolEnd(...args: TracerArguments<'handleToolEnd'>): void {
      tracer.handleToolEnd(...args);
    }
    override handleToolError(...args: TracerArguments<'handleToolError'>): void {
      tracer.handleToolError(...args);
    }
    override handleRetrieverStart(...args: TracerArguments<'handleRetrieverStart'>): void {
      if (isCapturing()) tracer.handleRetrieverStart(...args);
    }
    override handleRetrieverEnd(...args: TracerArguments<'handleRetrieverEnd'>): void {
      tracer.handleRetrieverEnd(...args);
    }
    override handleRetrieverError(...args: TracerArguments<'handleRetrieverError'>): void {
      tracer.handleRetrieverError(...args);
    }
    override handleAgentAction(...args: TracerArguments<'handleAgentAction'>): void {
      tracer.handleAgentAction(...args);
    }
    override handleAgentEnd(...args: TracerArguments<'handleAgentEnd'>): void {
      tracer.handleAgentEnd(...args);
    }
  }
  return AssayCallbackHandlerBase;
}
