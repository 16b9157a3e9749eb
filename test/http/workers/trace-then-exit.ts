// Traces one call and exits in the same turn, before the trace's destination (the server's store) was resolved:
// its spans are spooled for the server at exit without a store.
// Usage: ASSAY_TRACKING_URI=http://... ASSAY_HTTP_SPOOL_DIR=... node --conditions=@assay/source --import tsx trace-then-exit.ts
import { trace } from '@assay/sdk';

trace(() => 'early', { name: 'before-any-store' })();
process.exit(0);
