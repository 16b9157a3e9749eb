import { createHash } from 'node:crypto';

/** The dimension of mock embeddings when a request names none. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 16;

/**
 * A deterministic unit vector for `text`: components come from SHA-256
 * hashes of the text, so equal texts give equal vectors and different texts
 * (almost surely) different ones.
 */
export function mockEmbedding(text: string, dimensions: number = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const vector: number[] = [];
  for (let block = 0; vector.length < dimensions; block += 1) {
    const digest = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && vector.length < dimensions; offset += 4) {
      vector.push(digest.readUInt32LE(offset) / 0xffffffff - 0.5);
    }
  }
  const norm = Math.hypot(...vector) || 1;
  // Rounded to float32 so that the base64 and float encodings decode to the same numbers.
  return vector.map((component) => Math.fround(component / norm));
}

/** Little-endian float32 bytes of `vector`, base64-encoded: OpenAI's `encoding_format: 'base64'`. */
export function encodeEmbeddingBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((component, index) => bytes.writeFloatLE(component, index * 4));
  return bytes.toString('base64');
}
