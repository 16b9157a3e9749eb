/**
 * Calls that entered one of Assay's OpenAI wrappers (autolog's or
 * `wrapOpenAI`'s), counted once per call however many wrappers it passes,
 * and LangChain model runs autolog records (they trace the call themselves).
 * Kept apart from the request watcher (which needs `node:` modules) so that
 * the wrappers stay free of them.
 */
let calls = 0;

/** Notes one call that entered a wrapper. */
export function countWrappedOpenAICall(): void {
  calls += 1;
}

/** Calls that entered a wrapper so far. */
export function wrappedOpenAICalls(): number {
  return calls;
}
