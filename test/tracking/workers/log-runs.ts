// One of the writer processes of the multi-process test: logs `runs` runs,
// each with 5 params and 20 metrics, into the store at `root`.
import { flush, setExperiment, setTrackingUri, startRun } from '@assay/sdk';

const [root, worker, runs] = process.argv.slice(2);
setTrackingUri(root!);
await setExperiment('multi-process');
for (let index = 0; index < Number(runs); index += 1) {
  const run = await startRun({ runName: `worker-${worker}-run-${index}` });
  run.logParams({ worker: String(worker), index, model: 'gpt-4o-mini', temperature: 0.2, prompt: 'v3' });
  const metrics: Record<string, number> = {};
  for (let key = 0; key < 20; key += 1) metrics[`metric_${key}`] = index + key / 100;
  run.logMetrics(metrics, { step: index });
  await run.end();
}
await flush();
process.stdout.write(`done ${worker}\n`);
