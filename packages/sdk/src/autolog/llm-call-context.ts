import type { Context } from '@opentelemetry/api';

// Set in the context of a span that already stands for one LLM call (an
// OpenAI `create`, or a LangChain chat model run): a client call made inside
// it is the same call seen one layer down, so it gets no span of its own.
const LLM_CALL_KEY = Symbol.for('assay.llm-call');

/** `context` marked as being inside one LLM call's span. */
export function markLlmCall(context: Context): Context {
  return context.setValue(LLM_CALL_KEY, true);
}

/** True inside a span that already records an LLM call. */
export function isInsideLlmCall(context: Context): boolean {
  return context.getValue(LLM_CALL_KEY) === true;
}
