import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GEN_AI_ATTRIBUTES } from '@assay/core';
import { HttpStore } from '@assay/sdk/http';
import { createMockLlmServer, type MockLlmServer } from '@assay/sdk/test';
import { runWorker } from './run-worker.js';
import { startServerProcess, type ServerProcess } from './server-process.js';


interface AppOutput {
  tracked: { runId: string; answer: string; plainTrace: string; streamed: string; streamedTrace: string };
  dataset: { name: string; version: number; digest: string };
  evaluation: { runId: string; metrics: Record<string, number>; rows: { traceId: string; metrics: Record<string, number | null> }[] };
}

describe('the SDK against a server (ASSAY_TRACKING_URI=http://...)', () => {
  let server: ServerProcess;
  let llm: MockLlmServer;
  let scratch: string;
  let store: HttpStore;
  let output: AppOutput;

  beforeAll(async () => {
    [server, llm, scratch] = await Promise.all([startServerProcess(), createMockLlmServer({}), mkdtemp(join(tmpdir(), 'assay-app-'))]);
    const result = await runWorker('app-against-server.ts', [scratch], {
      ASSAY_TRACKING_URI: server.url,
      ASSAY_HTTP_SPOOL_DIR: join(scratch, 'spool'),
      OPENAI_BASE_URL: llm.baseURL,
      OPENAI_API_KEY: 'mock',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    output = JSON.parse(result.stdout) as AppOutput;
    store = await HttpStore.open({ url: server.url, spoolDirectory: join(scratch, 'reader-spool'), headers: {} });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await Promise.all([server?.dispose(), llm?.close(), scratch !== undefined ? rm(scratch, { recursive: true, force: true }) : undefined]);
  });

  it('tracks runs: params, every metric point, tags, and an artifact file streamed through the artifact proxy', async () => {
    const run = await store.getRun({ runId: output.tracked.runId });
    expect(run.info).toMatchObject({ runName: 'tracked', status: 'FINISHED' });
    expect(run.data.params).toEqual({ model: 'mock-gpt', temperature: '0.2' });
    expect((await store.getMetricHistory({ runId: run.info.runId, key: 'accuracy' })).map((point) => [point.step, point.value])).toEqual([
      [0, 0.5],
      [1, 0.6],
      [2, 0.7],
      [3, 0.8],
      [4, 0.9],
    ]);
    expect(await store.listArtifacts({ runId: run.info.runId, path: 'docs' })).toEqual([{ path: 'docs/notes.txt', isDir: false, fileSize: 300_000 }]);
    const downloaded = join(scratch, 'downloaded.txt');
    await store.getArtifactFile({ runId: run.info.runId, path: 'docs/notes.txt', localPath: downloaded });
    expect(await readFile(downloaded, 'utf8')).toBe('x'.repeat(300_000));
  });

  it('traces the real openai package with autolog(), plain and streamed, in the run', async () => {
    expect(output.tracked.answer).toBe('Echo: How long do refunds take?');
    const plain = await store.getTrace({ traceId: output.tracked.plainTrace });
    expect(plain.info).toMatchObject({ runId: output.tracked.runId, state: 'OK', tokenUsage: expect.objectContaining({ totalTokens: expect.any(Number) }) });
    expect(plain.spans).toHaveLength(1);
    expect(plain.spans[0]).toMatchObject({ spanType: 'CHAT_MODEL', attributes: expect.objectContaining({ [GEN_AI_ATTRIBUTES.requestModel]: 'mock-gpt' }) });
    const streamed = await store.getTrace({ traceId: output.tracked.streamedTrace });
    expect(output.tracked.streamed).toBe('Echo: Stream it');
    expect(streamed.info.responsePreview).toContain('Echo: Stream it');
    const { traces } = await store.searchTraces({ experimentIds: [plain.info.experimentId], runId: output.tracked.runId });
    expect(traces.map((trace) => trace.traceId).sort()).toEqual([output.tracked.plainTrace, output.tracked.streamedTrace].sort());
  });

  it('evaluates: the dataset imported from a CSV file by the server, aggregates on the run, the per-row table, feedback on each row\'s trace', async () => {
    const dataset = await store.getDataset({ name: 'qa-from-csv' });
    expect(dataset).toMatchObject({ version: output.dataset.version, digest: output.dataset.digest, rowCount: 2, sourceType: 'csv', source: join(scratch, 'qa.csv') });
    const run = await store.getRun({ runId: output.evaluation.runId });
    expect(run.info).toMatchObject({ runName: 'evaluation', status: 'FINISHED' });
    expect(run.data.metrics.exact_match_mean ?? run.data.metrics.exact_match).toBe(0.5);
    expect(run.inputs?.datasetInputs.map((input) => [input.dataset.name, input.dataset.version])).toEqual([['qa-from-csv', output.dataset.version]]);
    const rows = await store.readEvaluationRows({ runId: run.info.runId });
    expect(rows.map((row) => [row.rowIndex, row.metrics.exact_match, row.traceId])).toEqual(output.evaluation.rows.map((row, index) => [index, row.metrics.exact_match, row.traceId]));
    const table = JSON.parse(new TextDecoder().decode(await store.getArtifact({ runId: run.info.runId, path: 'eval_results_table.json' }))) as { columns: string[]; data: unknown[][] };
    expect(table.data).toHaveLength(2);
    const trace = await store.getTrace({ traceId: output.evaluation.rows[0]!.traceId });
    expect(trace.info.assessments.map((assessment) => assessment.name)).toContain('exact_match');
  });
});
