import { canWriteSync, type Store } from '@assay/core';
import { decodeSpanBatch } from './decode-span-batch.js';
import { encodeSpanBatch } from './encode-span-batch.js';
import type { AssaySpanExporter } from './span-exporter.js';

/**
 * Exports to an Assay store (`Store.logSpans`, with the spans' encodings). At
 * exit, a store that can write synchronously (the local store) spools what is
 * left.
 */
export function createStoreSpanExporter(store: Store): AssaySpanExporter {
  const exporter: AssaySpanExporter = {
    export: (batch) => store.logSpans(encodeSpanBatch(batch)),
  };
  if (canWriteSync(store)) {
    exporter.exportSync = (batch) => {
      // The spool keeps whole spans: the encodings are an optimisation of live writes.
      store.writeSync([{ op: 'logSpans', experimentId: batch.experimentId, spans: decodeSpanBatch(batch) }]);
      return true;
    };
  }
  return exporter;
}
