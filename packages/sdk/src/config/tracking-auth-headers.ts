import { InvalidParameterError } from '@assay/core';

/** The environment variable holding an API token for a tracking server (`assay server tokens create`). */
export const TRACKING_TOKEN_ENV = 'ASSAY_TRACKING_TOKEN';
/** The environment variable holding the username of HTTP basic auth for a tracking server. */
export const TRACKING_USERNAME_ENV = 'ASSAY_TRACKING_USERNAME';
/** The environment variable holding the password of HTTP basic auth for a tracking server. */
export const TRACKING_PASSWORD_ENV = 'ASSAY_TRACKING_PASSWORD';

function valueOf(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The `Authorization` header a client sends to an Assay (or MLflow) tracking
 * server, from the environment: `Bearer <token>` from `ASSAY_TRACKING_TOKEN`,
 * else HTTP basic from `ASSAY_TRACKING_USERNAME` and
 * `ASSAY_TRACKING_PASSWORD`; `{}` when none is set. A token wins over a
 * username and password. Throws InvalidParameterError when only one of the
 * username and password is set, for a username with a colon, or for a value
 * with a line break (it would split the header).
 */
export function trackingAuthHeaders(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const token = valueOf(env, TRACKING_TOKEN_ENV);
  if (token !== undefined) {
    if (/[\r\n]/u.test(token) || token.trim() !== token) throw new InvalidParameterError(`${TRACKING_TOKEN_ENV} must be the token alone, without spaces or line breaks.`);
    return { authorization: `Bearer ${token}` };
  }
  const username = valueOf(env, TRACKING_USERNAME_ENV);
  const password = valueOf(env, TRACKING_PASSWORD_ENV);
  if (username === undefined && password === undefined) return {};
  if (username === undefined || password === undefined) {
    const [set, missing] = username === undefined ? [TRACKING_PASSWORD_ENV, TRACKING_USERNAME_ENV] : [TRACKING_USERNAME_ENV, TRACKING_PASSWORD_ENV];
    throw new InvalidParameterError(`${set} is set but ${missing} is not: set both for HTTP basic auth, or ${TRACKING_TOKEN_ENV} for an API token.`);
  }
  if (username.includes(':')) throw new InvalidParameterError(`${TRACKING_USERNAME_ENV} must not contain ':' (HTTP basic auth separates the username from the password with it).`);
  if (/[\r\n]/u.test(username) || /[\r\n]/u.test(password)) throw new InvalidParameterError(`${TRACKING_USERNAME_ENV} and ${TRACKING_PASSWORD_ENV} must not contain line breaks.`);
  // btoa over the UTF-8 bytes rather than Buffer: the Edge entry reads its credentials here too.
  return { authorization: `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${username}:${password}`)))}` };
}
