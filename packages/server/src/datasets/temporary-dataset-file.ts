import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HTTPException } from 'hono/http-exception';
import type { DatasetFileFormat } from '@assay/core';

const EXTENSIONS: Record<DatasetFileFormat, string> = { jsonl: '.jsonl', csv: '.csv', parquet: '.parquet' };

/** A file in a folder of its own under the system's temporary folder, removed with `remove`. */
export interface TemporaryDatasetFile {
  /** The file's path (it need not exist yet). */
  path: string;
  /** Removes the file and its folder; never throws. */
  remove(): Promise<void>;
}

/** A new temporary path for a dataset file of `format` (its extension tells DuckDB's readers and writers the format). */
export async function temporaryDatasetFile(format: DatasetFileFormat): Promise<TemporaryDatasetFile> {
  const folder = await mkdtemp(join(tmpdir(), 'assay-dataset-'));
  return { path: join(folder, `dataset${EXTENSIONS[format]}`), remove: () => rm(folder, { recursive: true, force: true }).catch(() => undefined) };
}

/** Streams a request body to `path`, refusing (413) a body over `maxBytes`. */
export async function writeBodyToFile(body: ReadableStream<Uint8Array> | null, path: string, maxBytes: number): Promise<void> {
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) callback(new HTTPException(413, { message: `The dataset file exceeds the upload limit of ${maxBytes} bytes.` }));
      else callback(null, chunk);
    },
  });
  const source = body === null ? Readable.from([]) : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  await pipeline(source, limit, createWriteStream(path, { flags: 'wx' }));
}

/** A file's content as a web stream that removes the temporary file once it has been read (or the reader gave up). */
export function streamThenRemove(file: TemporaryDatasetFile): ReadableStream<Uint8Array> {
  const stream = createReadStream(file.path);
  stream.once('close', () => void file.remove());
  return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
}
