// The victim of the crash test: logs runs with large metric batches forever,
// printing "ACK <runId> <points>" after each run's writes are acknowledged.
import { setTrackingUri, startRun } from '@assay/sdk';

const [root] = process.argv.slice(2);
setTrackingUri(root!);
for (let index = 0; ; index += 1) {
  const run = await startRun({ runName: `victim-${index}` });
  run.logParam('index', index);
  for (let step = 0; step < 500; step += 1) run.logMetrics({ loss: 1 / (step + 1), accuracy: step / 500 }, { step });
  await run.end();
  process.stdout.write(`ACK ${run.id} 1000\n`);
}
