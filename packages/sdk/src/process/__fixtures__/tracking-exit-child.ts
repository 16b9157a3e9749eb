// Spawned by exit-hooks.test.ts: logs without ending or flushing, then exits as argv[3] says.
import { logParam, setTrackingUri, startRun } from '../../index.js';

const [root, mode, count] = process.argv.slice(2);
setTrackingUri(root!);
const run = await startRun({ runName: `exit-${mode}` });
const points = Number(count ?? 25_000);
for (let step = 0; step < points; step += 1) run.logMetric('m', step, { step });
run.logMetrics({ a: 1, b: Number.NaN }, { step: 1 });
logParam('mode', mode!);
run.setTag('phase', 'before-exit');
process.stdout.write(`${run.id}\n`);
if (mode === 'exit') process.exit(0);
if (mode === 'in-flight') {
  // A few turns of the event loop: the buffer's background flush has handed the batch to the store (its worker
  // thread may be committing it) when the process exits. Saved by the store, not also by the SDK: never twice.
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  process.exit(0);
}
if (mode === 'fail') process.exit(3);
if (mode === 'throw') throw new Error('boom');
if (mode === 'sigterm') {
  setTimeout(() => undefined, 60_000); // stay alive until the signal ends the process
  process.kill(process.pid, 'SIGTERM');
}
// 'natural': the event loop empties and the process ends on its own.
