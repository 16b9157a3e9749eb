// Logs to a server that is down, then ends at once with process.exit(0): the run's start (spooled after the
// retries), metric points still buffered, the run's end and spans still queued are spooled at exit, for the next
// process that uses the server to send. Prints the run's id.
// Usage: ASSAY_TRACKING_URI=http://... ASSAY_HTTP_SPOOL_DIR=... node --conditions=@assay/source --import tsx exit-while-down.ts
import { startRun, trace } from '@assay/sdk';

const run = await startRun({ runName: 'exited' });
process.stdout.write(`${run.id}\n`);
for (let step = 0; step < 20; step += 1) run.logMetric('m', step, { step });
run.setTag('phase', 'exit');
trace(() => 'done', { name: 'last-call' })();
process.exit(0);
