import { createRequire } from 'node:module';

/** Options of `warnLangChainDegraded`. */
export interface WarnLangChainDegradedOptions {
  /** Whether the private hook on `CallbackManager._configureSync` is in place. */
  configurePatched: boolean;
  /** The model methods (`BaseChatModel._generateUncached`, ...) that could not be patched. */
  unpatchedModelMethods: string[];
}

let warned = false;

function langChainVersion(): string {
  try {
    const { version } = createRequire(import.meta.url)('@langchain/core/package.json') as { version?: string };
    return version === undefined ? '' : ` ${version}`;
  } catch {
    return '';
  }
}

/**
 * Warns, once per process, when a private method Assay extends could not be
 * patched: what changed, what is no longer recorded, and how to get it.
 * Does nothing when everything was patched.
 */
export function warnLangChainDegraded(options: WarnLangChainDegradedOptions): void {
  const { configurePatched, unpatchedModelMethods } = options;
  if (warned || (configurePatched && unpatchedModelMethods.length === 0)) return;
  warned = true;
  const changed = [...(configurePatched ? [] : ['CallbackManager._configureSync']), ...unpatchedModelMethods];
  const lines = [
    `[assay] LangChain autolog: @langchain/core${langChainVersion()} changed ${changed.join(', ')}, which Assay extends, ` +
      "so it captures LangChain runs through LangChain's public configure hook only.",
  ];
  if (!configurePatched) {
    lines.push(
      'Not recorded: runs started in async contexts that do not descend from the autolog() call (handlers of a server created before it, ' +
        "node:test tests after autolog() in before(), Next.js routes after instrumentation.ts; under tsx, runs of the ES module build " +
        "until autolog() is called again after `await autolog().ready`). Pass them `callbacks: [new AssayCallbackHandler()]` " +
        "(from '@assay/sdk/langchain'), or call autolog() where they start.",
    );
  }
  if (unpatchedModelMethods.length > 0) {
    lines.push(
      'A provider call made by a chat model or LLM (ChatOpenAI -> openai) gets a span of its own besides the model span, and Assay spans ' +
        'started inside a model call do not nest under it: use autolog({ openai: false }) if the app calls OpenAI only through LangChain.',
    );
  }
  console.warn(lines.join(' '));
}
