import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, SearchRunsResult, SearchTracesResult, Trace } from '@assay/core';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';
import type { CliResult } from '../__fixtures__/run-cli.js';

function metricsByName(runs: readonly Run[]): Record<string, Record<string, number>> {
  return Object.fromEntries(runs.map((run) => [run.info.runName, run.data.metrics]));
}

describe('assay demo', () => {
  const directories: { path: string; remove: () => Promise<void> }[] = [];
  let first: CliResult;

  beforeAll(async () => {
    directories.push(await createTemporaryStoreDirectory(), await createTemporaryStoreDirectory());
    first = await runCli(directories[0]!.path, ['demo', '--runs', '6', '--steps', '3']);
  });

  afterAll(async () => {
    for (const directory of directories) await directory.remove();
  });

  it('logs the sweep and says where it went and how to query it', async () => {
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("Logged 6 runs to experiment 'assay-demo'");
    expect(first.stdout).toContain(`Store: ${directories[0]!.path}\n`);
    expect(first.stdout).toContain(`runs search --experiment assay-demo --filter "metrics.accuracy > 0.8" --order-by "metrics.accuracy DESC"`);
    expect(first.stdout).toMatch(/assay --tracking-uri \S+ sql "SELECT /);

    const { runs } = await runCliJson<SearchRunsResult>(directories[0]!.path, ['runs', 'list', '--experiment', 'assay-demo']);
    expect(runs).toHaveLength(6);
    for (const run of runs) {
      expect(run.info.status).toBe('FINISHED');
      expect(Object.keys(run.data.params).sort()).toEqual(['model', 'prompt_version', 'seed', 'temperature']);
      expect(Object.keys(run.data.metrics).sort()).toEqual(['accuracy', 'latency_ms', 'rouge_l']);
      expect(run.data.metrics.accuracy).toBeGreaterThan(0.4);
      expect(run.data.metrics.accuracy).toBeLessThan(1);
      expect(run.data.tags).toMatchObject({ dataset: 'support-faq-v1', source: 'assay demo' });
    }
    expect(new Set(runs.map((run) => run.data.params.model)).size).toBe(3);

    const history = await runCli(directories[0]!.path, ['runs', 'get', runs[0]!.info.runId]);
    expect(history.stdout).toMatch(/│ accuracy\s+│\s+[\d.]+ │\s+2 │\s+3 │/);
  });

  it('runs the example LLM app under autolog: a LangChain tree with each model call once, plus direct OpenAI calls', async () => {
    expect(first.stdout).toContain('Traced the example LLM app: the experiment has 5 traces.');
    const { traces } = await runCliJson<SearchTracesResult>(directories[0]!.path, ['traces', 'list', '--experiment', 'assay-demo']);
    expect(traces.map((trace) => [trace.name, trace.state]).sort()).toEqual([
      ['chat mock-gpt', 'ERROR'],
      ['chat mock-gpt', 'OK'],
      ['plan-museum-day', 'OK'],
      ['summarize-guide', 'OK'],
      ['travel-assistant', 'OK'],
    ]);
    const assistant = traces.find((trace) => trace.name === 'travel-assistant')!;
    const { spans } = await runCliJson<Trace>(directories[0]!.path, ['traces', 'get', assistant.traceId]);
    const root = spans.find((span) => span.parentSpanId === undefined)!;
    expect(spans.filter((span) => span.parentSpanId === root.spanId).map((span) => `${span.name} ${span.spanType}`)).toEqual([
      'GuideRetriever RETRIEVER',
      'ChatOpenAI CHAT_MODEL',
      'get_weather TOOL',
      'ChatOpenAI CHAT_MODEL',
      'StrOutputParser PARSER',
    ]);
    expect(spans).toHaveLength(6); // no second span for the openai call inside ChatOpenAI
    expect(assistant.tokenUsage?.totalTokens).toBeGreaterThan(0);
  });

  it('suggests queries that work', async () => {
    const sql = /assay --tracking-uri \S+ sql "(.*)"$/m.exec(first.stdout)?.[1];
    const result = await runCli(directories[0]!.path, ['sql', sql!]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('mean_accuracy');
    expect(result.stdout).toContain('(3 rows)');
  });

  it('logs the same numbers for the same seed', async () => {
    const again = await runCli(directories[1]!.path, ['demo', '--runs', '6', '--steps', '3']);
    expect(again.exitCode).toBe(0);
    const [left, right] = await Promise.all(
      directories.map((directory) => runCliJson<SearchRunsResult>(directory.path, ['runs', 'list', '--experiment', 'assay-demo'])),
    );
    expect(metricsByName(right!.runs)).toEqual(metricsByName(left!.runs));
  });

  it('rejects a bad run count', async () => {
    const result = await runCli(directories[0]!.path, ['demo', '--runs', '0']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error: option '--runs <n>' argument '0' is invalid");
  });
});
