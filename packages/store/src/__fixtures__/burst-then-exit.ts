// Writes a burst of metric points and spans through a LocalStore (worker thread), then ends at once.
// Usage: node --conditions=@assay/source --import tsx burst-then-exit.ts <root> <exit|natural|signal> <exitWaitMs>
// Prints the run's id first. `exit`: process.exit(0) while writes are still queued, handed over and being
// committed. `natural`: the script just ends, never calling flush() or close(). `signal`: what the SDK does
// at SIGTERM (save synchronously, waiting for the database at most 0 ms), then process.exit(0), as an app
// that handles the signal itself exits a moment later.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { LocalStore } from '../local/local-store.js';
import { BURST, burstSpan } from './burst.js';

const [root, mode, exitWaitMs] = process.argv.slice(2);
const store = await LocalStore.open({ root: root!, exitWaitMs: Number(exitWaitMs ?? 5000) });
const run = await store.createRun({ experimentId: '0', runName: 'burst' });
process.stdout.write(`${run.info.runId}\n`);
const written: Promise<unknown>[] = [];
for (let batch = 0; batch < BURST.batches; batch += 1) {
  const metrics = Array.from({ length: BURST.pointsPerBatch }, (_, index) => {
    const step = batch * BURST.pointsPerBatch + index;
    return { key: 'm', value: step, timestamp: step, step };
  });
  written.push(store.logBatch({ runId: run.info.runId, metrics }));
  if (batch < BURST.spanWrites) {
    written.push(store.logSpans({ experimentId: '0', spans: Array.from({ length: BURST.spansPerWrite }, (_, index) => burstSpan(batch, index)) }));
  }
  // Let some of them reach the worker (and some commit) before the end: every state at once.
  if (batch % 7 === 0) await nextTurn();
}
if (mode === 'exit') process.exit(0);
if (mode === 'signal') {
  store.writeSync([], { waitMs: 0 });
  process.exit(0);
}
// 'natural': nothing keeps the process alive but the writes in flight; no flush(), no close().
void Promise.all(written);
