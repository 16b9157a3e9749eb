import { AssayError } from '@assay/core';

/** Options of toListenError. */
export interface ToListenErrorOptions {
  /** What listening threw. */
  error: unknown;
  host: string;
  port: number;
}

/** A failure to listen as an AssayError that says what to do (a port in use, an address not on this machine); other errors as they are. */
export function toListenError({ error, host, port }: ToListenErrorOptions): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
    const reason = code === 'EADDRINUSE' ? 'the port is in use (try another --port, or --port 0 for a free one)' : (error as Error).message;
    return new AssayError('INVALID_PARAMETER_VALUE', `Cannot listen on ${host}:${port}: ${reason}.`, { cause: error });
  }
  return error;
}
