import { isIP } from 'node:net';

/** True for a host only this machine can reach: `localhost`, `::1`, `127.x.x.x`. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
