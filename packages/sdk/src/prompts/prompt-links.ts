/** A prompt version that built some LLM input. */
export interface PromptUse {
  name: string;
  version: number;
}

// Chat messages `format` returned, by identity (an LLM call passes them on as they are).
const formattedMessages = new WeakMap<object, PromptUse>();
// Texts `format` returned, newest last: a text prompt's output is a string, found by value.
const formattedTexts = new Map<string, PromptUse>();
const TEXTS_KEPT = 1000;

/** Notes what `format` returned, so that a traced LLM call whose input holds it can name the prompt version. */
export function rememberFormattedPrompt(formatted: unknown, use: PromptUse): void {
  if (typeof formatted === 'string') {
    formattedTexts.delete(formatted);
    formattedTexts.set(formatted, use);
    if (formattedTexts.size > TEXTS_KEPT) formattedTexts.delete(formattedTexts.keys().next().value!);
    return;
  }
  if (Array.isArray(formatted)) for (const message of formatted) if (typeof message === 'object' && message !== null) formattedMessages.set(message, use);
}

/**
 * The prompt versions whose `format` output an LLM request holds: chat
 * messages passed on as `format` returned them, or a formatted text as a
 * message's content, a `prompt` or an `input`. Looks only at the request's
 * top level and its messages, so it costs little on every traced call.
 */
export function promptUsesIn(request: unknown): PromptUse[] {
  if (typeof request !== 'object' || request === null) return [];
  const found = new Map<string, PromptUse>();
  const add = (use: PromptUse | undefined): void => {
    if (use) found.set(`${use.name}\u0000${use.version}`, use);
  };
  const lookText = (value: unknown): void => {
    if (typeof value === 'string') add(formattedTexts.get(value));
  };
  const body = request as { messages?: unknown; input?: unknown; prompt?: unknown };
  for (const list of [body.messages, body.input]) {
    if (!Array.isArray(list)) continue;
    for (const message of list) {
      if (typeof message !== 'object' || message === null) continue;
      add(formattedMessages.get(message));
      lookText((message as { content?: unknown }).content);
    }
  }
  lookText(body.prompt);
  lookText(body.input);
  return [...found.values()];
}
