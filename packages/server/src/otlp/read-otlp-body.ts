import { OtlpRequestError } from './otlp-request-error.js';

function tooLarge(maxBytes: number, what: string): OtlpRequestError {
  return new OtlpRequestError(413, `The request body ${what} the limit of ${maxBytes} bytes; send fewer spans per request (e.g. a smaller maxExportBatchSize).`);
}

/** A stream's bytes, refusing (and cancelling the stream) past `maxBytes`. */
async function readAll(stream: ReadableStream<Uint8Array>, maxBytes: number, what: string): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes, what);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * An OTLP request's body, decompressed when it says `Content-Encoding: gzip`.
 * At most `maxBytes` are read off the wire and at most `maxBytes` come out
 * of the decompression: it stops there, so a small body that expands
 * enormously (a gzip bomb) costs no more than the limit.
 * @throws OtlpRequestError: 413 past the limit, 415 for another content encoding, 400 for a body that is not gzip.
 */
export async function readOtlpBody(request: Request, { maxBytes }: { maxBytes: number }): Promise<Uint8Array> {
  const contentEncoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (contentEncoding !== '' && contentEncoding !== 'identity' && contentEncoding !== 'gzip') {
    throw new OtlpRequestError(415, `Content-Encoding '${contentEncoding.slice(0, 40)}' is not supported: send the body as it is, or gzip-compressed (Content-Encoding: gzip).`);
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes, `(${declared} bytes) exceeds`);
  if (request.body === null) return new Uint8Array(0);
  const wire = await readAll(request.body, maxBytes, 'exceeds');
  if (contentEncoding !== 'gzip') return wire;
  try {
    return await readAll(new Blob([wire]).stream().pipeThrough(new DecompressionStream('gzip')), maxBytes, 'decompresses to more than');
  } catch (error) {
    if (error instanceof OtlpRequestError) throw error;
    throw new OtlpRequestError(400, 'The body says Content-Encoding: gzip but is not valid gzip data.', { cause: error });
  }
}
