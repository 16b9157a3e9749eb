import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, SearchRunsResult, SearchTracesResult, Trace } from '@assay/core';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';
import type { CliResult } from '../__fixtures__/run-cli.js';
import type { DemoSummary } from './demo/run-demo.js';

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const builtCli = join(repositoryRoot, 'packages/cli/dist/bin.js');

/** The follow-up commands a demo printed: the indented lines after "Look at them". */
function printedCommands(stdout: string): string[] {
  return stdout.slice(stdout.indexOf('Look at them')).split('\n').slice(1).filter((line) => line.startsWith('  ')).map((line) => line.trim());
}

/**
 * Runs one printed command line through a POSIX shell, as a user pasting it
 * would. Asynchronously: this process may still hold the demo's store, and
 * hands it over only while its event loop runs.
 */
function runInShell(line: string, options: { cwd: string; path?: string }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, ...(options.path ? { PATH: `${options.path}:${process.env.PATH ?? ''}` } : {}) };
  delete env.ASSAY_TRACKING_URI;
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', line], { cwd: options.cwd, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

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
    const { traces: all } = await runCliJson<SearchTracesResult>(directories[0]!.path, ['traces', 'list', '--experiment', 'assay-demo']);
    // The example app's traces; the agent and chat traces of the platform part are checked below.
    const traces = all.filter((trace) => trace.name !== 'research-agent' && trace.name !== 'support-chat');
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

  it('prints follow-up commands that run as printed inside this repository: pnpm assay, the real ids', async () => {
    expect(existsSync(builtCli), 'the printed commands run the built CLI: run "pnpm run build" first').toBe(true);
    const commands = printedCommands(first.stdout);
    expect(commands.map((line) => line.split(' ').slice(0, 5).join(' '))).toEqual(
      ['runs', 'runs', 'sql', 'runs', 'runs', 'artifacts', 'traces', 'traces'].map((group) => `pnpm assay --tracking-uri ${directories[0]!.path} ${group}`),
    );
    expect(commands.join('\n')).not.toMatch(/<[a-z-]+>/);
    const expectedOutput = [/Run ID/, /Run ID/, /mean_accuracy/, /Metrics \(3\)/, /^Metric accuracy of run [0-9a-f]{32}: 3 points$/m, /config\/sweep\.json/, /travel-assistant/, /GuideRetriever/];
    for (const [index, line] of commands.entries()) {
      const result = await runInShell(line, { cwd: repositoryRoot });
      expect(result.stderr, line).not.toMatch(/error/i);
      expect(result.status, line).toBe(0);
      expect(result.stdout, line).toMatch(expectedOutput[index]!);
    }
  });

  it('prints follow-up commands that run as printed outside the repository: assay, the default store', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'assay-demo-outside-'));
    try {
      // An installed `assay` on the PATH, as npm would link it.
      const bin = join(outside, 'bin');
      await mkdir(bin);
      await writeFile(join(bin, 'assay'), `#!/bin/sh\nexec "${process.execPath}" "${builtCli}" "$@"\n`);
      await chmod(join(bin, 'assay'), 0o755);
      const work = join(outside, 'app');
      await mkdir(work);
      const demo = await runInShell('assay demo --runs 2 --steps 2 --no-traces', { cwd: work, path: bin });
      expect(demo.status, demo.stderr).toBe(0);
      const commands = printedCommands(demo.stdout);
      expect(commands).toHaveLength(6);
      for (const line of commands) {
        expect(line).toMatch(/^assay (?:runs|sql|artifacts) /);
        const result = await runInShell(line, { cwd: work, path: bin });
        expect(result.status, `${line}\n${result.stderr}`).toBe(0);
      }
      expect(existsSync(join(work, '.assay', 'assay.duckdb'))).toBe(true);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('prints its summary and commands as JSON', async () => {
    const directory = await createTemporaryStoreDirectory();
    directories.push(directory);
    const result = await runCli(directory.path, ['demo', '--runs', '2', '--steps', '2', '--no-traces', '--json']);
    expect(result.exitCode).toBe(0);
    const summary = JSON.parse(result.stdout) as DemoSummary;
    expect(summary).toMatchObject({ experimentName: 'assay-demo', store: directory.path, experimentRuns: 2 });
    expect(summary.runIds).toHaveLength(2);
    expect(summary.experimentTraces).toBeUndefined();
    expect(summary.commands[0]).toBe(`pnpm assay --tracking-uri ${directory.path} runs list --experiment assay-demo`);
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

  it('logs what the dashboard shows: a dataset, two evaluated model versions with aliases, a stage and a pending request, a prompt, an agent trace and a chat session', async () => {
    const root = directories[0]!.path;
    expect(first.stdout).toContain("Evaluated two versions of model 'support-bot' on dataset 'support-faq'");
    const model = await runCliJson<{ aliases: Record<string, number>; protected: boolean; latestVersions: Array<{ version: number; currentStage: string; runId: string }> }>(root, ['models', 'get', 'support-bot']);
    expect(model.aliases).toEqual({ champion: 1, challenger: 2 });
    expect(model.protected).toBe(true);
    expect(model.latestVersions.map((version) => [version.version, version.currentStage]).sort()).toEqual([[1, 'Production'], [2, 'None']]);
    const requests = await runCliJson<{ requests: Array<{ version: number; stage?: string; status: string }> }>(root, ['models', 'requests', '--name', 'support-bot']);
    expect(requests.requests).toMatchObject([{ version: 2, stage: 'Production', status: 'PENDING' }]);
    // Each version's source run is an evaluation of the dataset, tagged with the version it evaluated.
    const evaluations = await runCliJson<SearchRunsResult>(root, ['runs', 'list', '--experiment', 'assay-demo-evaluations']);
    expect(evaluations.runs.map((run) => run.data.tags['model_version']).sort()).toEqual(['models:/support-bot/1', 'models:/support-bot/2']);
    for (const run of evaluations.runs) {
      expect(run.data.params).toMatchObject({ 'evaluation.rows': '12', 'evaluation.dataset': 'support-faq' });
      expect(model.latestVersions.map((version) => version.runId)).toContain(run.info.runId);
    }
    const [v1, v2] = [1, 2].map((version) => evaluations.runs.find((run) => run.data.tags['model_version'] === `models:/support-bot/${version}`)!);
    expect(v2!.data.metrics['rougeL']).toBeGreaterThan(v1!.data.metrics['rougeL']!);
    expect(v1!.data.metrics['rows_failed']).toBe(1); // the billing question fails in v1
    const prompt = await runCli(root, ['prompts', 'get', 'support-answer', '--json']);
    expect(prompt.exitCode, prompt.stderr).toBe(0);
    expect(prompt.stdout).toContain('naming the menu');
    const traces = await runCliJson<SearchTracesResult>(root, ['traces', 'list', '--experiment', 'assay-demo']);
    const agent = traces.traces.find((trace) => trace.name === 'research-agent');
    expect(agent).toBeDefined();
    const agentTrace = await runCliJson<Trace>(root, ['traces', 'get', agent!.traceId]);
    expect(agentTrace.spans).toHaveLength(182);
    const chat = traces.traces.filter((trace) => trace.name === 'support-chat');
    expect(chat).toHaveLength(3);
    for (const turn of chat) expect(turn.sessionId).toBe('demo-chat-1');
  });

  it('with --once, logs nothing into a store that holds the demo; without it, a second demo adds runs and leaves the registry as it was', async () => {
    const root = directories[0]!.path;
    const once = await runCli(root, ['demo', '--once']);
    expect(once.exitCode, once.stderr).toBe(0);
    expect(once.stdout).toContain('already holds the demo');
    const again = await runCli(root, ['demo', '--runs', '1', '--steps', '2', '--no-traces']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('Evaluated two versions');
    const model = await runCliJson<{ latestVersions: Array<{ version: number }> }>(root, ['models', 'get', 'support-bot']);
    expect(model.latestVersions.map((version) => version.version).sort()).toEqual([1, 2]);
  });

  it('rejects a bad run count', async () => {
    const result = await runCli(directories[0]!.path, ['demo', '--runs', '0']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error: option '--runs <n>' argument '0' is invalid");
  });
});
