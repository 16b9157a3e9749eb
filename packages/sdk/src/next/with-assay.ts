import { InvalidParameterError } from '@assay/core';

/** The part of a Next.js config `withAssay` reads and extends (Next.js 15 and later). */
export interface NextConfigLike {
  serverExternalPackages?: string[];
  [key: string]: unknown;
}

/** A Next.js config as `next.config` may export it: an object, or a function of the phase (possibly async). */
export type NextConfigInput<Config extends NextConfigLike> = Config | ((phase: string, context: { defaultConfig: Config }) => Config | Promise<Config>);

/** Options of `withAssay`. */
export interface WithAssayOptions {
  /**
   * Also keep the packages `autolog()` instruments out of the server bundle
   * (openai, @langchain/core, @langchain/openai), so that autolog reaches the
   * copies your routes use. Default true; false when you trace with
   * `wrapOpenAI(client)` or `AssayCallbackHandler` only.
   */
  autolog?: boolean;
}

/**
 * Packages that must load from node_modules rather than from the server
 * bundle: the local store's DuckDB (a native module a bundler cannot place)
 * and Assay's own packages, which load it on demand.
 */
export const ASSAY_SERVER_PACKAGES: readonly string[] = ['@assay/sdk', '@assay/store', '@assay/core', '@duckdb/node-api', '@duckdb/node-bindings'];

/** The packages `autolog()` instruments in place: bundled copies of them would not be traced. */
export const AUTOLOG_SERVER_PACKAGES: readonly string[] = ['openai', '@langchain/core', '@langchain/openai'];

/** The config withAssay returns: yours, with the server packages set. */
export type WithAssayConfig<Config> = Config & { serverExternalPackages: string[] };

function extend<Config extends NextConfigLike>(config: Config, options: WithAssayOptions): WithAssayConfig<Config> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidParameterError(`withAssay() takes your Next.js config object (or a function returning it), got ${Array.isArray(config) ? 'an array' : typeof config}.`);
  }
  const own = config.serverExternalPackages;
  if (own !== undefined && (!Array.isArray(own) || own.some((entry) => typeof entry !== 'string'))) {
    throw new InvalidParameterError('withAssay(): serverExternalPackages in your Next.js config must be a list of package names.');
  }
  const wanted = options.autolog === false ? ASSAY_SERVER_PACKAGES : [...ASSAY_SERVER_PACKAGES, ...AUTOLOG_SERVER_PACKAGES];
  // The user's entries first, in their order; Assay's added once.
  const merged = [...(own ?? [])];
  for (const name of wanted) if (!merged.includes(name)) merged.push(name);
  return { ...config, serverExternalPackages: merged };
}

/**
 * Your Next.js config with what Assay needs on the server: DuckDB and
 * Assay's packages kept out of the bundle (so `next build` succeeds with the
 * local store), and, unless `autolog: false`, the packages autolog
 * instruments (so that `autolog()` in `instrumentation.ts` traces the calls
 * of route handlers, server actions and server components). Your own
 * settings are kept; `serverExternalPackages` is merged. Accepts the config
 * object or a `(phase, { defaultConfig }) => config` function.
 *
 * ```js
 * // next.config.mjs
 * import { withAssay } from '@assay/sdk/next';
 * export default withAssay({ reactStrictMode: true });
 * ```
 */
export function withAssay<Config extends NextConfigLike>(config: Config, options?: WithAssayOptions): WithAssayConfig<Config>;
export function withAssay<Config extends NextConfigLike>(
  config: (phase: string, context: { defaultConfig: Config }) => Config | Promise<Config>,
  options?: WithAssayOptions,
): (phase: string, context: { defaultConfig: Config }) => Promise<WithAssayConfig<Config>>;
export function withAssay<Config extends NextConfigLike>(
  config: NextConfigInput<Config> = {} as Config,
  options: WithAssayOptions = {},
): WithAssayConfig<Config> | ((phase: string, context: { defaultConfig: Config }) => Promise<WithAssayConfig<Config>>) {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('withAssay() options must be an object, e.g. { autolog: false }.');
  if (options.autolog !== undefined && typeof options.autolog !== 'boolean') throw new InvalidParameterError('withAssay() option autolog must be true or false.');
  if (typeof config === 'function') return async (phase, context) => extend(await config(phase, context), options);
  return extend(config, options);
}
