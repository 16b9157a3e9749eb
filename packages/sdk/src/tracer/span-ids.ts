// Random bytes are drawn in blocks (Web Crypto, global in Node 20 and in every
// edge runtime) and turned into hex a byte at a time: one call into the
// system's generator per few hundred ids instead of one per id.
const pool = new Uint8Array(4096);
let offset = pool.length;
const HEX: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    // getRandomValues fills at most 65,536 bytes per call; the pool is smaller.
    globalThis.crypto.getRandomValues(pool);
    offset = 0;
  }
  let hex = '';
  for (let index = offset; index < offset + bytes; index += 1) hex += HEX[pool[index]!]!;
  offset += bytes;
  return hex;
}

const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/** A new W3C trace id: 32 lowercase hex characters, never all zeros. */
export function newTraceId(): string {
  let id = randomHex(16);
  while (id === INVALID_TRACE_ID) id = randomHex(16);
  return id;
}

/** A new W3C span id: 16 lowercase hex characters, never all zeros. */
export function newSpanId(): string {
  let id = randomHex(8);
  while (id === INVALID_SPAN_ID) id = randomHex(8);
  return id;
}
