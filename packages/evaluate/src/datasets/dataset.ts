import type { DatasetInfo, Store } from '@assay/core';

/** Rows fetched per store call by `toArray` and iteration. */
const PAGE_SIZE = 10_000;

export interface DatasetRowsOptions {
  /** Rows to return; default 1000, at most 50,000. */
  limit?: number;
  /** Rows to skip; default 0. */
  offset?: number;
}

export interface DatasetExportOptions {
  /** The file to write (replaced if it exists). */
  path: string;
  /** Default: from the extension (`.jsonl`, `.parquet`). */
  format?: 'jsonl' | 'parquet';
}

/**
 * One immutable dataset version in a store. Rows stay in DuckDB and are read
 * in pages; `toArray()` or `for await` read them all.
 *
 * @example
 * const dataset = await getDataset('support-qa');
 * for await (const row of dataset) console.log(row.question);
 */
export class Dataset implements AsyncIterable<Record<string, unknown>> {
  constructor(
    /** Name, version, digest, row count, schema, source, description, tags. */
    readonly info: DatasetInfo,
    /** The store the rows live in. */
    readonly store: Store,
  ) {}

  get name(): string {
    return this.info.name;
  }

  get version(): number {
    return this.info.version;
  }

  get digest(): string {
    return this.info.digest;
  }

  /** One page of rows, in their original order. */
  rows(options: DatasetRowsOptions = {}): Promise<Record<string, unknown>[]> {
    return this.store.readDatasetRows({ name: this.info.name, version: this.info.version, ...options });
  }

  /** Every row, read page by page. */
  async toArray(): Promise<Record<string, unknown>[]> {
    const all: Record<string, unknown>[] = [];
    for await (const row of this) all.push(row);
    return all;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Record<string, unknown>> {
    for (let offset = 0; offset < this.info.rowCount; offset += PAGE_SIZE) {
      const page = await this.rows({ limit: PAGE_SIZE, offset });
      if (page.length === 0) return;
      yield* page;
    }
  }

  /** Writes the rows to a JSONL or Parquet file (DuckDB's COPY) and returns how many were written. */
  export(options: DatasetExportOptions): Promise<{ path: string; rowCount: number }> {
    return this.store.exportDataset({
      name: this.info.name,
      version: this.info.version,
      path: options.path,
      ...(options.format !== undefined ? { format: options.format } : {}),
    });
  }

  /** The info, so `JSON.stringify(dataset)` prints what identifies it. */
  toJSON(): DatasetInfo {
    return this.info;
  }
}
