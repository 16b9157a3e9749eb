import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '@assay/core';

/** Incremental SHA-256 over canonical rows: each row's canonical JSON and a `\n`. */
export class RowDigest {
  private readonly hash: Hash = createHash('sha256');

  add(row: unknown): void {
    this.hash.update(`${canonicalJson(row)}\n`, 'utf8');
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** The digest of in-memory rows (see DatasetInfo.digest). */
export function digestRows(rows: readonly unknown[]): string {
  const digest = new RowDigest();
  for (const row of rows) digest.add(row);
  return digest.hex();
}
