import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'assay';
const TOKEN_PATTERN = /^assay_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/u;

/** A new API token: the secret to hand to its user once, and what is stored of it. */
export interface NewApiToken {
  /** `assay_<id>_<secret>`: what clients send as `Authorization: Bearer <token>`. Shown once, never stored. */
  token: string;
  /** The token's public id (16 hex characters): names it in lists, logs and revocation. */
  id: string;
  /** SHA-256 of the secret part, hex: all that is stored. */
  secretHash: string;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Makes an API token: a public id and 256 random bits. Only the secret's
 * SHA-256 is stored (a slow password hash is not needed for a random
 * 256-bit secret, and a fast one keeps each request cheap).
 */
export function createApiToken(): NewApiToken {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `${PREFIX}_${id}_${secret}`, id, secretHash: sha256Hex(secret) };
}

/** The parts of a token as a client sent it; undefined when it does not have the shape of one. */
export function parseApiToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match === null ? undefined : { id: match[1]!, secret: match[2]! };
}

/** Whether `secret` is the one whose hash was stored, compared in constant time. */
export function apiTokenSecretMatches(secret: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const actual = Buffer.from(sha256Hex(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
