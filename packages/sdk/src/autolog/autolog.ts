import { InvalidParameterError } from '@assay/core';
import type { TracingRuntime } from '../tracing/tracing-runtime.js';
import { setAutologTarget } from './autolog-settings.js';
import { instrumentLangChain, langChainInstrumentationSettled, uninstrumentLangChain } from './langchain/instrument-langchain.js';
import { findOpenAIModules, importOpenAIModules, type OpenAIModuleFile } from './openai/find-openai-modules.js';
import { instrumentOpenAI, uninstrumentOpenAI, type OpenAIModule } from './openai/instrument-openai.js';
import { watchUnreachedOpenAICalls, type UnreachedOpenAIWatch } from './openai/watch-unreached-openai.js';

/** Options of `autolog`. */
export interface AutologOptions {
  /**
   * Trace OpenAI calls. Default true: the openai package the app resolves is
   * found and instrumented (its CommonJS and ES builds). Pass the imported
   * package (or several) to instrument exactly those copies.
   */
  openai?: boolean | OpenAIModule | OpenAIModule[];
  /** Trace LangChain runs (chains, models, tools, retrievers, parsers, agents) without passing callbacks. Default true. */
  langchain?: boolean;
  /** Record prompt and completion text. Default true; false keeps shapes, models and token usage only. */
  captureContent?: boolean;
  /** The fraction of new traces recorded, 0 to 1. Default 1. Calls inside a traced span are always recorded. */
  sampleRate?: number;
  /** Undo `autolog()`: every integration stops tracing. */
  disable?: boolean;
}

/** A copy of a package `autolog` instrumented. */
export interface InstrumentedCopy {
  /** The package. */
  package: 'openai';
  /** Its version, when known (from its package.json). */
  version?: string;
  /** The file it was loaded from; absent for a copy passed in (`autolog({ openai: OpenAI })`). */
  file?: string;
}

/** What `autolog` turned on. */
export interface AutologResult {
  /** True when an openai package was found and is traced. */
  openai: boolean;
  /**
   * The copies instrumented, each form apart (the CommonJS and the ES build of
   * one install are two copies). A copy bundled into the app is not among
   * them: autolog cannot reach it, and says so on stderr, with the fix, at the
   * first call made through it.
   */
  copies: InstrumentedCopy[];
  /** True when @langchain/core was found and is traced. */
  langchain: boolean;
  /**
   * Resolves once every copy of the packages is instrumented. `autolog()`
   * takes effect at once under plain Node; under loaders that compile ES
   * modules for `require` (tsx), the app's ES build is instrumented a few
   * ticks later: `await autolog().ready` before the first call if it matters.
   */
  ready: Promise<void>;
}

let openaiDiscovery = 0;
let unreachedWatch: UnreachedOpenAIWatch | undefined;

function describeCopies(copies: readonly InstrumentedCopy[]): string {
  if (copies.length === 0) return 'no copy of openai';
  return copies.map((copy) => `openai${copy.version ? ` ${copy.version}` : ''}${copy.file ? ` (${copy.file})` : ' (passed in)'}`).join(', ');
}

function copyOf(found: OpenAIModuleFile): InstrumentedCopy {
  return { package: 'openai', ...(found.version !== undefined ? { version: found.version } : {}), file: found.file };
}

const OPTION_NAMES = new Set(['openai', 'langchain', 'captureContent', 'sampleRate', 'disable']);

function validate(options: unknown): AutologOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidParameterError(`autolog() takes an options object, got ${Array.isArray(options) ? 'an array' : typeof options}.`);
  }
  const unknown = Object.keys(options).filter((key) => !OPTION_NAMES.has(key));
  if (unknown.length > 0) {
    throw new InvalidParameterError(`autolog() does not know the option ${unknown.map((key) => `'${key}'`).join(', ')}. Known options: ${[...OPTION_NAMES].join(', ')}.`);
  }
  const { langchain, captureContent, sampleRate, disable, openai } = options as AutologOptions;
  for (const [name, value] of [['langchain', langchain], ['captureContent', captureContent], ['disable', disable]] as const) {
    if (value !== undefined && typeof value !== 'boolean') throw new InvalidParameterError(`autolog() option ${name} must be true or false, got ${JSON.stringify(value)}.`);
  }
  if (sampleRate !== undefined && (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1))) {
    throw new InvalidParameterError(`autolog() option sampleRate must be a number from 0 to 1 (e.g. 0.1 traces one call in ten), got ${JSON.stringify(sampleRate)}.`);
  }
  if (openai !== undefined && typeof openai !== 'boolean' && (typeof openai !== 'object' || openai === null) && typeof openai !== 'function') {
    throw new InvalidParameterError('autolog() option openai must be true, false, or the imported openai package (or a list of them).');
  }
  return options as AutologOptions;
}

function instrumentOpenAIOption(option: AutologOptions['openai']): { instrumented: boolean; copies: InstrumentedCopy[]; ready: Promise<void> } {
  openaiDiscovery += 1;
  if (option === false) return { instrumented: false, copies: [], ready: Promise.resolve() };
  const discover = option === undefined || option === true;
  const copies: InstrumentedCopy[] = [];
  if (discover) {
    for (const found of findOpenAIModules()) if (instrumentOpenAI(found.module)) copies.push(copyOf(found));
  } else {
    for (const module of Array.isArray(option) ? option : [option]) if (instrumentOpenAI(module)) copies.push({ package: 'openai' });
    if (copies.length === 0) {
      throw new InvalidParameterError('autolog() option openai was given something that is not the openai package: pass `import OpenAI from "openai"` (or the module namespace).');
    }
  }
  const instrumented = copies.length > 0;
  if (!discover) return { instrumented, copies, ready: Promise.resolve() };
  const discovery = openaiDiscovery;
  const ready = importOpenAIModules().then((imported) => {
    // Skipped when autolog() was called again (or disabled) meanwhile.
    if (discovery !== openaiDiscovery) return;
    for (const found of imported) {
      if (instrumentOpenAI(found.module) && !copies.some((copy) => copy.file === found.file)) copies.push(copyOf(found));
    }
  });
  return { instrumented, copies, ready };
}

/**
 * Traces every OpenAI and LangChain call of the app from now on into the
 * tracing `tracing()` returns (see `Assay.autolog`).
 */
export function enableAutolog(tracing: () => TracingRuntime, options?: AutologOptions): AutologResult {
  const checked = validate(options);
  if (checked.disable === true) {
    openaiDiscovery += 1;
    unreachedWatch?.stop();
    uninstrumentOpenAI();
    uninstrumentLangChain();
    setAutologTarget(undefined);
    return { openai: false, copies: [], langchain: false, ready: Promise.resolve() };
  }
  setAutologTarget({
    tracing,
    captureContent: checked.captureContent ?? true,
    sampleRate: checked.sampleRate ?? 1,
  });
  const openai = instrumentOpenAIOption(checked.openai);
  if (checked.openai === false) {
    uninstrumentOpenAI();
    unreachedWatch?.stop();
  } else {
    unreachedWatch = watchUnreachedOpenAICalls(() => describeCopies(openai.copies));
  }
  const langchain = checked.langchain === false ? false : instrumentLangChain();
  if (checked.langchain === false) uninstrumentLangChain();
  const ready = Promise.all([openai.ready, langchain ? langChainInstrumentationSettled() : undefined]).then(() => undefined);
  return { openai: openai.instrumented, copies: openai.copies, langchain, ready };
}
