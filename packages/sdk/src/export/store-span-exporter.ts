import { canWriteSync, type Store } from '@assay/core';
import { encodeSpanBatch } from './encode-span-batch.js';
import type { AssaySpanExporter } from './span-exporter.js';

/**
 * Exports to an Assay store (`Store.logSpans`, with the spans as packed
 * rows). At exit, a store that can write synchronously (the local store)
 * spools what is left, as the same rows.
 */
export function createStoreSpanExporter(store: Store): AssaySpanExporter {
  const exporter: AssaySpanExporter = {
    export: async (batch) => {
      await store.logSpans(encodeSpanBatch(batch));
    },
  };
  if (canWriteSync(store)) {
    exporter.exportSync = (batch, options) => {
      store.writeSync([{ op: 'logSpans', experimentId: batch.experimentId, spans: [], packed: batch.rows }], options);
      return true;
    };
  }
  return exporter;
}
