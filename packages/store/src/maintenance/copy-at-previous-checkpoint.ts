import { copyFile, open } from 'node:fs/promises';

/** Options of copyAtPreviousCheckpoint. */
export interface CopyAtPreviousCheckpointOptions {
  /** The damaged DuckDB file. */
  path: string;
  /** Where to write the copy. */
  copyPath: string;
}

// DuckDB's file layout: a main header block (with the magic bytes "DUCK" at offset 8), then two
// database headers, each 4 KiB and each pointing at a checkpoint; the one with the higher iteration
// counter is current, and the other one points at the checkpoint before it.
const HEADER_SIZE = 4096;
const MAGIC_OFFSET = 8;
const DATABASE_HEADERS = [HEADER_SIZE, 2 * HEADER_SIZE] as const;
const ITERATION_OFFSET = 8;

/**
 * Copies a DuckDB file with both of its database headers pointing at the
 * previous checkpoint: when the current checkpoint's metadata is lost (a
 * file cut short), the previous one may still read. DuckDB checks every
 * block's checksum as it reads it, so blocks reused since read as errors,
 * not as wrong data. False (and no copy) when the file is not a DuckDB file
 * or has no previous checkpoint.
 */
export async function copyAtPreviousCheckpoint({ path, copyPath }: CopyAtPreviousCheckpointOptions): Promise<boolean> {
  const headers = Buffer.alloc(3 * HEADER_SIZE);
  const source = await open(path, 'r');
  try {
    const { bytesRead } = await source.read(headers, 0, headers.length, 0);
    if (bytesRead < headers.length || headers.toString('latin1', MAGIC_OFFSET, MAGIC_OFFSET + 4) !== 'DUCK') return false;
  } finally {
    await source.close();
  }
  const [first, second] = DATABASE_HEADERS.map((offset) => headers.readBigUInt64LE(offset + ITERATION_OFFSET));
  // A database checkpointed once has one header never written (iteration 0).
  if (first === 0n || second === 0n || first === second) return false;
  const [current, previous] = first! > second! ? DATABASE_HEADERS : ([...DATABASE_HEADERS].reverse() as number[]);
  await copyFile(path, copyPath);
  const copy = await open(copyPath, 'r+');
  try {
    await copy.write(headers, previous!, HEADER_SIZE, current!);
  } finally {
    await copy.close();
  }
  return true;
}
