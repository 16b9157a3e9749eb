// Spawned by spool-at-exit.test.ts: traces a call into a local store, then ends
// the process at once (process.exit or SIGTERM) while the span still waits in the export queue.
import { setTimeout as sleep } from 'node:timers/promises';
import { getExportStats, setTrackingUri, trace } from '../../index.js';

const [root, how] = process.argv.slice(2);
setTrackingUri(root!);
await trace(async (question: string) => `answer to ${question}`, { name: 'hard-exit-call' })('life');
await sleep(100); // long enough to resolve where the trace goes, shorter than the export interval
if (getExportStats().queued !== 1) throw new Error(`expected one queued span, got ${JSON.stringify(getExportStats())}`);
if (how === 'SIGTERM') process.kill(process.pid, 'SIGTERM');
else process.exit(0);
await sleep(10_000);
