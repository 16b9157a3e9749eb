import type { MiddlewareHandler } from 'hono';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection. A browser signed in to the server (HTTP basic credentials
 * are sent with every request to it) must not be made to write by another
 * site: a write whose `Origin` is not the server's own, or that the browser
 * marks as cross-site (`Sec-Fetch-Site`), is refused with 403. Browsers send
 * `Origin` on every cross-origin POST and page scripts cannot forge it;
 * MLflow clients, the SDK, curl and OTLP exporters send neither header, so
 * they are unaffected.
 */
export const rejectCrossSiteWrites: MiddlewareHandler = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  const crossSite = site === 'cross-site' || site === 'same-site';
  const foreignOrigin = origin !== undefined && origin !== 'null' && host !== undefined && safeHost(origin) !== host.toLowerCase();
  if (crossSite || foreignOrigin || origin === 'null') {
    return c.json(
      {
        error_code: 'PERMISSION_DENIED',
        message: `Refused a ${c.req.method} from another site (Origin ${origin ?? 'absent'}, Sec-Fetch-Site ${site ?? 'absent'}): writes from a browser must come from this server's own pages (CSRF protection).`,
      },
      403,
    );
  }
  return next();
};

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}
