import { randomBytes, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { InvalidParameterError } from '@assay/core';

// scrypt's cost as werkzeug (MLflow's password hashing) sets it: N = 2^15, r = 8, p = 1,
// i.e. 32 MiB and some 50-100 ms per hash, run on libuv's thread pool (never on the event loop).
const COST_LOG2 = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds on the parameters read back from a hash, so a tampered file cannot make a check allocate gigabytes. */
const MAX_COST_LOG2 = 20;
const MAX_BLOCK_SIZE = 16;
const MAX_PARALLELISM = 4;

/** Shortest and longest password accepted. */
export const PASSWORD_LENGTH = { min: 8, max: 1024 } as const;

function derive(password: BinaryLike, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions(costLog2: number, blockSize: number, parallelism: number): ScryptOptions {
  // Node refuses more than 32 MiB unless maxmem is raised; allow what the parameters need, plus room.
  return { N: 2 ** costLog2, r: blockSize, p: parallelism, maxmem: 128 * 2 ** costLog2 * blockSize * 2 + 1024 * 1024 };
}

/** Throws InvalidParameterError unless `password` is a string of acceptable length. */
export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH.min) throw new InvalidParameterError(`The password is too short: use at least ${PASSWORD_LENGTH.min} characters.`);
  if (length > PASSWORD_LENGTH.max) throw new InvalidParameterError(`The password is too long: use at most ${PASSWORD_LENGTH.max} characters.`);
}

/**
 * Hashes a password with scrypt and a random 16-byte salt, as a PHC-style
 * string that carries its parameters: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`
 * (base64, no padding).
 */
export async function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password.normalize('NFC'), salt, KEY_BYTES, scryptOptions(COST_LOG2, BLOCK_SIZE, PARALLELISM));
  return `$scrypt$ln=${COST_LOG2},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const HASH_PATTERN = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/u;

/** Whether a string has the shape hashPassword produces (with parameters in bounds). */
export function isPasswordHash(value: string): boolean {
  const match = HASH_PATTERN.exec(value);
  if (match === null) return false;
  const [, costLog2, blockSize, parallelism] = match.map(Number) as [number, number, number, number];
  return costLog2 >= 10 && costLog2 <= MAX_COST_LOG2 && blockSize >= 1 && blockSize <= MAX_BLOCK_SIZE && parallelism >= 1 && parallelism <= MAX_PARALLELISM;
}

/**
 * Whether `password` matches a hash made by hashPassword. The comparison
 * takes the same time wherever the bytes differ (timingSafeEqual); a
 * malformed hash never matches.
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const match = HASH_PATTERN.exec(hash);
  if (match === null || !isPasswordHash(hash)) return false;
  const [, costLog2, blockSize, parallelism, salt, expected] = match as unknown as [string, string, string, string, string, string];
  const expectedKey = Buffer.from(expected, 'base64url');
  const key = await derive(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expectedKey.length, scryptOptions(Number(costLog2), Number(blockSize), Number(parallelism)));
  return timingSafeEqual(key, expectedKey);
}
