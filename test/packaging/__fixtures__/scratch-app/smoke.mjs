// A user's app outside the repository, run by plain Node on the packages
// installed from their tarballs: a tracked run, the real openai package traced
// by autolog() (pointed at the mock LLM by OPENAI_BASE_URL), and evaluate()
// with a metric. It prints what it logged as JSON for the test to read back.
import OpenAI from 'openai';
import { autolog, flush, getLastTraceId, setExperiment, withRun } from '@assay/sdk';
import { evaluate, exactMatchMetric } from '@assay/evaluate';
import { corpusBleu } from '@assay/metrics';

autolog();
const client = new OpenAI({ maxRetries: 0 });
const ask = async (question) =>
  (await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: question }] })).choices[0]?.message.content ?? '';

await setExperiment('packaging-smoke');
const tracked = await withRun({ runName: 'tracked' }, async (run) => {
  run.logParams({ model: 'mock-gpt', temperature: 0.2 });
  for (let step = 0; step < 3; step += 1) run.logMetric('accuracy', 0.5 + step / 10, { step });
  const answer = await ask('How long do refunds take?');
  return { runId: run.id, answer, traceId: getLastTraceId() };
});

const evaluation = await evaluate({
  data: [
    { question: 'Tell me about refunds', expected: 'Refunds take 5 days.' },
    { question: 'When do you open?', expected: 'We open at 9.' },
  ],
  model: async ({ question }) => ask(String(question)),
  metrics: [exactMatchMetric()],
  runName: 'evaluation',
  progress: false,
});
await flush();

const bleu = corpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]);
console.log(
  JSON.stringify({
    tracked,
    evaluation: {
      runId: evaluation.runId,
      metrics: evaluation.metrics,
      rows: evaluation.rows.map((row) => ({ output: row.output, traceId: row.traceId, metrics: row.metrics, error: row.error ?? null })),
    },
    bleu: bleu.score,
  }),
);
