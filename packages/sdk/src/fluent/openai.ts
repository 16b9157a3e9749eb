import { defaultRuntime } from '../assay/default-assay.js';
import { getAutologTarget, getAutologSettings, setAutologTarget, type AutologTarget } from '../autolog/autolog-settings.js';
import { instrumentOpenAI as instrumentOpenAIModule, wrapOpenAIClient, type OpenAIModule } from '../autolog/openai/instrument-openai.js';

/** Autolog's instance and settings while autolog is on, else the default instance with the default settings. */
function explicitTarget(): AutologTarget {
  return getAutologTarget() ?? { ...getAutologSettings(), tracing: () => defaultRuntime().tracing };
}

/**
 * Traces every client of this copy of the openai package, including clients
 * created before (what `autolog()` does for the copies it finds): into
 * autolog's instance when autolog is on, else the default instance. Returns
 * false, changing nothing, when `module` is not the openai package.
 */
export function instrumentOpenAI(module: OpenAIModule): boolean {
  const instrumented = instrumentOpenAIModule(module);
  if (instrumented && getAutologTarget() === undefined) setAutologTarget(explicitTarget());
  return instrumented;
}

/**
 * Traces the calls of this one client (not others of the package) and
 * returns it: the explicit alternative to `autolog()`. Calls are traced
 * once even when autolog also covers the package.
 *
 * @example
 * const client = wrapOpenAI(new OpenAI());
 */
export function wrapOpenAI<T extends object>(client: T): T {
  return wrapOpenAIClient(client, explicitTarget);
}

export { uninstrumentOpenAI } from '../autolog/openai/instrument-openai.js';
export type { OpenAIModule } from '../autolog/openai/instrument-openai.js';
