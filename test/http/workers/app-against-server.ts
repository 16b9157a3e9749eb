// A user's app with ASSAY_TRACKING_URI=http://... (the server) and OPENAI_BASE_URL (the mock LLM): a tracked run with
// an artifact file, the real openai package traced by autolog() (plain and streamed), a dataset from a CSV file, and
// evaluate() over it. Prints what it made as JSON for the test to read back from the server.
// Usage: node --conditions=@assay/source --import tsx app-against-server.ts <scratch folder>
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { autolog, flush, getLastTraceId, setExperiment, withRun } from '@assay/sdk';
import { createDataset, evaluate, exactMatchMetric, rougeMetric } from '@assay/evaluate';

const scratch = process.argv[2]!;
await autolog({ openai: OpenAI }).ready;
const client = new OpenAI({ maxRetries: 0 });

await setExperiment('against-a-server');
const tracked = await withRun({ runName: 'tracked' }, async (run) => {
  run.logParams({ model: 'mock-gpt', temperature: 0.2 });
  for (let step = 0; step < 5; step += 1) run.logMetric('accuracy', 0.5 + step / 10, { step });
  const notes = join(scratch, 'notes.txt');
  await writeFile(notes, 'x'.repeat(300_000));
  await run.logArtifact(notes, 'docs');
  const plain = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'How long do refunds take?' }] });
  const plainTrace = getLastTraceId();
  const stream = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Stream it' }], stream: true });
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
  return { runId: run.id, answer: plain.choices[0]?.message.content, plainTrace, streamed, streamedTrace: getLastTraceId() };
});

const csv = join(scratch, 'qa.csv');
await writeFile(csv, 'question,expected\nTell me about refunds,Echo: Tell me about refunds\nWhen do you open?,We open at 9.\n');
const dataset = await createDataset({ name: 'qa-from-csv', path: csv });
const evaluation = await evaluate({
  data: dataset,
  model: async ({ question }) => (await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: String(question) }] })).choices[0]?.message.content ?? '',
  metrics: [exactMatchMetric(), rougeMetric()],
  targets: 'expected',
  runName: 'evaluation',
  progress: false,
});
await flush();

console.log(
  JSON.stringify({
    tracked,
    dataset: { name: dataset.name, version: dataset.version, digest: dataset.digest },
    evaluation: { runId: evaluation.runId, metrics: evaluation.metrics, rows: evaluation.rows.map((row) => ({ traceId: row.traceId, metrics: row.metrics })) },
  }),
);
