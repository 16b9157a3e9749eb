import { InvalidParameterError } from '@assay/core';

/** A page token for a list the server pages itself: the offset of the next item, opaque to clients. */
export function encodeOffsetPageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

/** The offset a page token carries; 0 for no token. @throws InvalidParameterError for a token this server did not issue. */
export function decodeOffsetPageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  let offset: unknown;
  try {
    offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
  } catch {
    offset = undefined;
  }
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new InvalidParameterError(`Invalid page token '${token.slice(0, 60)}'. Pass back the next_page_token of the previous page unchanged.`);
  }
  return offset;
}
