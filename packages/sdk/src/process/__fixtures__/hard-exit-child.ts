// Spawned by spool-at-exit.test.ts: traces a call into a local store, then ends
// the process at once (process.exit or SIGTERM) while the span still waits in
// the export queue; with `at-once`, before the store has even been opened.
import { setTimeout as sleep } from 'node:timers/promises';
import { getExportStats, getStore, trace } from '../../index.js';
import { resetForTests } from '../../testing/reset-for-tests.js';

const [root, how] = process.argv.slice(2);
// No timed export before the process ends: the span is still queued at exit.
await resetForTests({ trackingUri: root!, tracing: { flushIntervalMs: 60_000 } });
await trace(async (question: string) => `answer to ${question}`, { name: 'hard-exit-call' })('life');
if (how === 'at-once') process.exit(0);
await getStore(); // the trace's destination is known now
if (getExportStats().queued !== 1) throw new Error(`expected one queued span, got ${JSON.stringify(getExportStats())}`);
if (how === 'SIGTERM') process.kill(process.pid, 'SIGTERM');
else process.exit(0);
await sleep(10_000);
