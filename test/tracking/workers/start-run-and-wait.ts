// A process that starts a run, logs to it, and then waits (until it is killed), leaving the run RUNNING.
// Prints "started <runId>" once the run and its metric are stored.
// Usage: start-run-and-wait.ts <root>
import { flush, setTrackingUri, startRun } from '@assay/sdk';

const [root] = process.argv.slice(2);
setTrackingUri(root!);
const run = await startRun({ runName: `waiting-${process.pid}` });
run.logMetric('progress', 1, { step: 1, timestamp: Date.now() });
await flush();
process.stdout.write(`started ${run.id}\n`);
setInterval(() => undefined, 60_000);
