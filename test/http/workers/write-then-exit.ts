// Starts a run through an HttpStore, then hands over a metric point and exits in the same turn: the write is
// still queued, so the store's exit hook spools it. Prints the run's id.
// Usage: ASSAY_TRACKING_URI=http://... ASSAY_HTTP_SPOOL_DIR=... node --conditions=@assay/source --import tsx write-then-exit.ts
import { HttpStore } from '@assay/sdk/http';

const store = await HttpStore.open({ url: process.env['ASSAY_TRACKING_URI']!, headers: {} });
const run = await store.createRun({ experimentId: '0', runName: 'handed-over' });
process.stdout.write(`${run.info.runId}\n`);
void store.logBatch({ runId: run.info.runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 7 }] });
process.exit(0);
