import { InvalidParameterError } from '@assay/core';

/** OpenAI's API, the default endpoint of judges and embeddings. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Where and how to reach an OpenAI-compatible endpoint. */
export interface ResolvedEndpoint {
  /** The API's base URL, e.g. `https://api.openai.com/v1`. */
  baseURL: string;
  /** The key sent as a bearer token, if any. */
  apiKey: string | undefined;
}

/**
 * The base URL (the option, else `OPENAI_BASE_URL`, else OpenAI's) without a
 * trailing slash, and the API key (the option, else `OPENAI_API_KEY`). OpenAI's
 * own API without a key is refused up front.
 */
export function resolveEndpoint(options: { baseURL?: string | undefined; apiKey?: string | undefined }, caller: string): ResolvedEndpoint {
  const baseURL = (options.baseURL ?? process.env.OPENAI_BASE_URL ?? OPENAI_BASE_URL).replace(/\/+$/, '');
  try {
    const url = new URL(baseURL);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new InvalidParameterError(`${caller}: baseURL must be an http(s) URL such as ${OPENAI_BASE_URL}, got ${JSON.stringify(baseURL)}.`);
  }
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
  if (!apiKey && new URL(baseURL).hostname === 'api.openai.com') {
    throw new InvalidParameterError(`${caller}: no API key for ${baseURL}. Pass apiKey or set OPENAI_API_KEY (or set baseURL to an OpenAI-compatible server that needs none).`);
  }
  return { baseURL, apiKey: apiKey || undefined };
}
