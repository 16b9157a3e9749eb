// An app that tracks as a user's would: a run with params and metrics, and a traced call inside it.
// Prints "done <runId> <traceId> <export stats>", or "failed <code>: <message>" (exit 1) when Assay
// throws. How it ends: `flush` (awaits flush()), `natural` (its event loop empties), or `exit`
// (process.exit() at once, with spans and writes still queued).
// Usage: track-an-app.ts <root> <flush|natural|exit> [experiment name]
import { flush, getExportStats, getLastTraceId, setExperiment, setTrackingUri, trace, withRun } from '@assay/sdk';

const [root, ending, experimentName] = process.argv.slice(2);
setTrackingUri(root!);
try {
  if (experimentName !== undefined) await setExperiment(experimentName);
  const answer = trace((question: string) => `answer to ${question}`, { name: 'answer' });
  const runId = await withRun({ runName: 'tracked-app' }, (run) => {
    run.logParams({ model: 'gpt-4o-mini', temperature: 0.2 });
    for (let step = 0; step < 50; step += 1) run.logMetrics({ loss: 1 / (step + 1), accuracy: step / 50 }, { step });
    answer('what is assay?');
    return run.id;
  });
  if (ending === 'flush') await flush();
  process.stdout.write(`done ${runId} ${getLastTraceId()} ${JSON.stringify(getExportStats())}\n`);
  if (ending === 'exit') process.exit(0);
} catch (error) {
  const { code, message } = error as { code?: string; message: string };
  process.stdout.write(`failed ${code}: ${message}\n`);
  process.exitCode = 1;
}
