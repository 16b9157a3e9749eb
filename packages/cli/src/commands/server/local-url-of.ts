/**
 * The URL local processes use to reach a server bound to `url`: a wildcard
 * bind (0.0.0.0, ::) is reached on the loopback address, any other address as
 * it is.
 */
export function localUrlOf(url: string, port: number): string {
  const { hostname } = new URL(url);
  if (hostname === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (hostname === '[::]') return `http://[::1]:${port}`;
  return url;
}
