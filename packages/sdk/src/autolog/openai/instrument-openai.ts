import { getAutologTarget, type AutologTarget } from '../autolog-settings.js';
import { createTracedMethod, isTracedMethod, type TracedMethod } from './create-traced-method.js';
import { OPENAI_METHODS, resourceOf } from './openai-methods.js';
import type { ResourceMethod } from './openai-types.js';

/** The openai package as imported (`import * as openai`), its default export, or the `OpenAI` class. */
export type OpenAIModule = object;

interface Patch {
  target: Record<string, unknown>;
  method: string;
  original: ResourceMethod;
  traced: TracedMethod;
}

// The packages' prototypes are one per process, and so is this list of what was patched.
const patches: Patch[] = [];

type OpenAIConstructor = new (options: Record<string, unknown>) => unknown;

function openAIClass(module: OpenAIModule): OpenAIConstructor | undefined {
  if (typeof module === 'function') return module as OpenAIConstructor;
  const candidates = [(module as { OpenAI?: unknown }).OpenAI, (module as { default?: unknown }).default];
  return candidates.find((candidate): candidate is OpenAIConstructor => typeof candidate === 'function');
}

/**
 * Traces every client of this copy of the openai package, including clients
 * created before: `create` (and `parse`) of chat completions, responses and
 * embeddings are wrapped on their resource classes' prototypes, tracing into
 * the instance of the last `autolog()` while autolog is on. Returns false,
 * changing nothing, when `module` is not the openai package. Safe to call
 * again (each prototype is wrapped once).
 */
export function instrumentOpenAI(module: OpenAIModule): boolean {
  const OpenAI = openAIClass(module);
  if (!OpenAI) return false;
  let probe: unknown;
  try {
    // A client is the one stable way to reach the resource classes across
    // majors (their module paths differ); constructing one sends nothing.
    probe = new OpenAI({ apiKey: 'assay-probe', baseURL: 'http://127.0.0.1:9/v1' });
  } catch {
    return false;
  }
  let found = false;
  for (const spec of OPENAI_METHODS) {
    const resource = resourceOf(probe, spec.resource);
    const prototype = resource ? (Object.getPrototypeOf(resource) as Record<string, unknown> | null) : null;
    const current = prototype?.[spec.method];
    if (!prototype || typeof current !== 'function') continue;
    found = true;
    if (isTracedMethod(current)) continue;
    const traced = createTracedMethod(current as ResourceMethod, spec.api, getAutologTarget);
    prototype[spec.method] = traced;
    patches.push({ target: prototype, method: spec.method, original: current as ResourceMethod, traced });
  }
  return found;
}

/** Undoes `instrumentOpenAI` for every copy of the package (a method wrapped again by someone else is left to them, inert). */
export function uninstrumentOpenAI(): void {
  for (const patch of patches) {
    if (patch.target[patch.method] === patch.traced) patch.target[patch.method] = patch.original;
  }
  patches.length = 0;
}

/**
 * Traces the calls of this one client (not others of the package) into the
 * instance `target()` names, and returns the client. Calls are traced once
 * even when autolog also covers the package.
 */
export function wrapOpenAIClient<T extends object>(client: T, target: () => AutologTarget): T {
  for (const spec of OPENAI_METHODS) {
    const resource = resourceOf(client, spec.resource);
    const current = resource?.[spec.method];
    if (!resource || typeof current !== 'function' || Object.prototype.hasOwnProperty.call(resource, spec.method)) continue;
    Object.defineProperty(resource, spec.method, {
      value: createTracedMethod(current as ResourceMethod, spec.api, target),
      configurable: true,
      writable: true,
    });
  }
  return client;
}
