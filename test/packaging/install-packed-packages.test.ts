// Packs every package as `pnpm publish` would, installs the tarballs with plain
// npm into an app outside the repository (its other dependencies, the real
// openai package among them, come from the npm registry), and uses them there
// as a user would: a tracked run, autolog() against the mock LLM, evaluate(),
// the `assay` CLI. Then it reads the results back through the installed CLI.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, Trace } from '@assay/core';
import { createMockLlmServer, type MockLlmServer } from '@assay/sdk/test';
import { createScratchApp, userEnvironment } from './create-scratch-app.js';
import { packWorkspacePackages, type PackageManifest, type PackedPackage } from './pack-workspace-packages.js';
import { runCommand, runCommandOrFail, type CommandResult } from './run-command.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const scratchAppFiles = fileURLToPath(new URL('./__fixtures__/scratch-app', import.meta.url));
const REFUND_ANSWER = 'Refunds take 5 days.';
/** The openai the workspace develops against (Node 20: openai 6), installed in the app from the registry. */
const OPENAI_RANGE = (JSON.parse(readFileSync(join(repositoryRoot, 'packages/sdk/package.json'), 'utf8')) as { devDependencies: Record<string, string> })
  .devDependencies['openai']!;

/** What the app's smoke script prints. */
interface SmokeOutput {
  tracked: { runId: string; answer: string; traceId: string };
  evaluation: {
    runId: string;
    metrics: Record<string, number>;
    rows: { output: string; traceId: string; metrics: Record<string, number | null>; error: string | null }[];
  };
  bleu: number;
}

let scratch: string;
let app: string;
let packed: PackedPackage[];
let server: MockLlmServer;
let env: NodeJS.ProcessEnv;

function manifestOf(directory: string): PackageManifest {
  return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as PackageManifest;
}

/** Every file under `directory`, as paths relative to it with `/` separators. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1).split(sep).join('/'));
}

function node(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return runCommand({ command: process.execPath, args, cwd: app, env: { ...env, ...extraEnv } });
}

/** Runs the installed `assay` bin, as `npx assay` would. */
function assay(args: readonly string[]): Promise<CommandResult> {
  return runCommand({ command: join(app, 'node_modules', '.bin', 'assay'), args, cwd: app, env });
}

async function assayJson<T>(args: readonly string[]): Promise<T> {
  const result = await assay([...args, '--json']);
  if (result.exitCode !== 0) throw new Error(`assay ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'assay-packaging-'));
  app = join(scratch, 'app');
  env = userEnvironment(process.env);
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  packed = await packWorkspacePackages({ repositoryRoot, destination: tarballs, env: process.env });
  await createScratchApp({
    directory: app,
    packages: packed,
    registryDependencies: { openai: OPENAI_RANGE, '@types/node': '^20.19.0' },
    files: scratchAppFiles,
    env,
  });
  server = await createMockLlmServer({ answers: [{ when: { contains: 'refund' }, reply: REFUND_ANSWER }] });
}, 300_000);

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packages packed and installed with npm outside the repository', () => {
  it('are packed with a README, the Apache-2.0 LICENSE and their bundles, and without sources, tests, fixtures or workspace: ranges', () => {
    expect(packed.map((entry) => entry.name).sort()).toEqual(['@assay/cli', '@assay/core', '@assay/evaluate', '@assay/metrics', '@assay/sdk', '@assay/server', '@assay/store']);
    const versions = new Map(packed.map((entry) => [entry.name, manifestOf(entry.directory).version]));
    for (const { name } of packed) {
      const installed = join(app, 'node_modules', name);
      const files = filesUnder(installed);
      expect(files, name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
      expect(files.filter((file) => /(^|\/)(src|__fixtures__)\/|\.test\.|\.tsbuildinfo$|\.d\.ts\.map$/.test(file)), name).toEqual([]);
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
      expect(readFileSync(join(installed, 'README.md'), 'utf8')).toMatch(new RegExp(`npm install (--save-dev )?${name}\\b`));

      const manifest = manifestOf(installed);
      expect(readFileSync(join(installed, 'package.json'), 'utf8'), name).not.toContain('workspace:');
      expect(manifest, name).toMatchObject({ license: 'Apache-2.0', engines: { node: expect.any(String) }, repository: { directory: expect.any(String) } });
      for (const [dependency, range] of Object.entries((manifest['dependencies'] ?? {}) as Record<string, string>)) {
        if (versions.has(dependency)) expect(range, `${name} -> ${dependency}`).toBe(versions.get(dependency));
      }
      const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
      // Package exports and imports (`#platform`: a file per runtime condition) point at packed files alike.
      for (const conditions of [...Object.values(manifest.exports ?? {}), ...Object.values(manifest.imports ?? {})]) {
        for (const [condition, target] of Object.entries(conditions)) {
          // The sources stay in the repository: only a consumer asking for this condition would see it.
          if (condition === '@assay/source') expect(files, `${name} ${target}`).not.toContain(normalize(target));
          else targets.push(target);
        }
      }
      for (const target of targets) expect(files, `${name} ${target}`).toContain(normalize(target!));
    }
  });

  it('install from the tarballs and the npm registry alone: no @langchain/*, tsx or anything from the repository', () => {
    expect(existsSync(join(app, 'node_modules', '@langchain'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    for (const { name } of packed) {
      const installed = join(app, 'node_modules', name);
      expect(lstatSync(installed).isSymbolicLink(), name).toBe(false);
      expect(realpathSync(installed).startsWith(realpathSync(app)), name).toBe(true);
    }
    // npm may leave registry packages' `resolved` out of the lock (omit-lockfile-registry-resolved); their integrity stays.
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string; integrity?: string; link?: boolean }>;
    };
    const installed = Object.entries(lock.packages).filter(([path]) => path !== '');
    expect(installed.filter(([, entry]) => entry.link === true)).toEqual([]);
    const fromTarballs = installed.filter(([path]) => path.startsWith('node_modules/@assay/'));
    expect(fromTarballs.map(([path, entry]) => [path, entry.resolved])).toEqual(
      packed.map(({ name, tarball }) => [`node_modules/${name}`, `file:../tarballs/${tarball.split(sep).pop()}`]).sort(),
    );
    const fromRegistry = installed.filter(([path]) => !path.startsWith('node_modules/@assay/'));
    expect(fromRegistry.filter(([, entry]) => !entry.integrity?.startsWith('sha512-') || entry.resolved?.startsWith('file:'))).toEqual([]);
  });

  it('resolve every entry to its bundle and declarations by default (Node and TypeScript)', async () => {
    const specifiers = packed.flatMap(({ name }) => Object.keys(manifestOf(join(app, 'node_modules', name)).exports ?? {}).map((subpath) => name + subpath.slice(1)));
    const script = `for (const specifier of ${JSON.stringify(specifiers)}) console.log(import.meta.resolve(specifier));`;
    const resolved = await node(['--input-type=module', '--eval', script]);
    expect(resolved.stderr).toBe('');
    const paths = resolved.stdout.trim().split('\n').map((url) => fileURLToPath(url));
    expect(paths).toHaveLength(specifiers.length);
    for (const path of paths) {
      expect(path.startsWith(join(app, 'node_modules', '@assay')) && path.includes(`${sep}dist${sep}`), path).toBe(true);
      expect(existsSync(path), path).toBe(true);
    }
    // consumer.ts imports every package's types (and expects an error a real declaration gives).
    await runCommandOrFail({ command: process.execPath, args: [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], cwd: app, env });
  });

  it('track a run, trace the real openai package with autolog() and evaluate a model in a plain Node app; the installed CLI reads it all back', async () => {
    const store = join(scratch, 'smoke-store');
    const result = await node(['smoke.mjs'], { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'mock', ASSAY_TRACKING_URI: store });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const smoke = JSON.parse(result.stdout) as SmokeOutput;

    // The app's own openai (from the registry) made the calls.
    const openaiVersion = manifestOf(join(app, 'node_modules', 'openai')).version;
    const calls = server.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.headers['user-agent']).toBe(`OpenAI/JS ${openaiVersion}`);

    expect(smoke.tracked.answer).toBe(REFUND_ANSWER);
    const run = await assayJson<Run>(['--tracking-uri', store, 'runs', 'get', smoke.tracked.runId]);
    expect(run.info).toMatchObject({ runName: 'tracked', status: 'FINISHED' });
    expect(run.data.params).toEqual({ model: 'mock-gpt', temperature: '0.2' });
    expect(run.data.metrics['accuracy']).toBeCloseTo(0.7, 12);

    const trace = await assayJson<Trace>(['--tracking-uri', store, 'traces', 'get', smoke.tracked.traceId]);
    expect(trace.info).toMatchObject({ runId: smoke.tracked.runId, state: 'OK' });
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ spanType: 'CHAT_MODEL', attributes: { 'gen_ai.request.model': 'mock-gpt' } });
    expect(trace.info.responsePreview).toContain(REFUND_ANSWER);

    // Only the refund question has a rule; the other gets the mock's echo.
    expect(smoke.evaluation.rows.map((row) => [row.output, row.metrics['exact_match'], row.error])).toEqual([
      [REFUND_ANSWER, 1, null],
      ['Echo: When do you open?', 0, null],
    ]);
    expect(smoke.evaluation.metrics['exact_match']).toBe(0.5);
    const evaluationRun = await assayJson<Run>(['--tracking-uri', store, 'runs', 'get', smoke.evaluation.runId]);
    expect(evaluationRun.data.metrics).toMatchObject({ exact_match: 0.5, rows: 2, rows_failed: 0 });
    const table = await assayJson<{ rows: unknown[][] }>([
      '--tracking-uri', store, 'sql',
      `SELECT trace_id, output ->> '$' FROM evaluation_rows WHERE run_id = '${smoke.evaluation.runId}' ORDER BY row_index`,
    ]);
    expect(table.rows).toEqual(smoke.evaluation.rows.map((row) => [row.traceId, row.output]));
    for (const row of smoke.evaluation.rows) {
      const rowTrace = await assayJson<Trace>(['--tracking-uri', store, 'traces', 'get', row.traceId]);
      expect(rowTrace.info.runId).toBe(smoke.evaluation.runId);
    }
    expect(smoke.bleu).toBeCloseTo(100, 9);
  });

  it('run the installed assay CLI without its optional peers, and name what to install for what needs them', async () => {
    expect((await assay(['--version'])).stdout.trim()).toBe(manifestOf(join(app, 'node_modules', '@assay/cli')).version);

    const withoutTraces = join(scratch, 'demo-store');
    const demo = await assay(['--tracking-uri', withoutTraces, 'demo', '--runs', '2', '--steps', '2', '--no-traces']);
    expect(demo.stderr).toBe('');
    expect(demo.stdout).toContain("Logged 2 runs to experiment 'assay-demo'");

    const withTraces = join(scratch, 'demo-with-traces-store');
    const refused = await assay(['--tracking-uri', withTraces, 'demo', '--runs', '2']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('@langchain/core is not installed');
    expect(refused.stderr).toContain('npm install openai @langchain/core @langchain/openai (or run assay demo --no-traces)');
    expect(existsSync(withTraces)).toBe(false);

    const store = join(scratch, 'eval-store');
    const javascript = await assay(['--tracking-uri', store, 'eval', 'answers.eval.mjs']);
    expect(javascript.stderr).toBe('');
    expect(javascript.exitCode).toBe(0);
    expect(javascript.stdout).toMatch(/exact_match\s+1\s+>= 1\s+ok/);
    const typescript = await assay(['--tracking-uri', store, 'eval', 'answers.eval.ts']);
    expect(typescript.exitCode).toBe(1);
    expect(typescript.stderr).toContain('needs tsx');
    expect(typescript.stderr).toContain('npm install tsx');
  });

  it("serve a store over MLflow's REST API from the installed CLI, and stop on SIGTERM", async () => {
    const store = join(scratch, 'served-store');
    const child = spawn(join(app, 'node_modules', '.bin', 'assay'), ['server', '--store', store, '--port', '0', '--json', '--quiet'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.endsWith('\n')) resolve((JSON.parse(output) as { url: string }).url);
        });
        child.on('error', reject);
        child.on('exit', (code) => reject(new Error(`assay server exited ${code} before listening: ${output}${stderr}`)));
      });
      const created = await fetch(`${url}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'packaged' }) });
      expect(created.status).toBe(200);
      const { experiment_id: experimentId } = (await created.json()) as { experiment_id: string };
      const got = await fetch(`${url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=packaged`);
      expect(((await got.json()) as { experiment: { experiment_id: string } }).experiment.experiment_id).toBe(experimentId);
      expect(((await (await fetch(`${url}/api/assay/v1/openapi.json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('Assay server stopped');
  });

  it('serve the mock LLM from the installed CLI', async () => {
    const child = spawn(join(app, 'node_modules', '.bin', 'assay'), ['mock-llm', '--port', '0'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const baseURL = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.on('error', reject);
        child.on('exit', (code) => reject(new Error(`assay mock-llm exited ${code} before listening: ${output}`)));
      });
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('Echo: hello');
    } finally {
      const exited = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
