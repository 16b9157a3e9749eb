import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssay } from '../index.js';
import { createMockLlmServer, type MockLlmServer } from '../testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const service = join(here, '__fixtures__', 'traced-http-server.ts');
const repositoryRoot = resolve(here, '..', '..', '..', '..');

let llm: MockLlmServer;
beforeAll(async () => {
  llm = await createMockLlmServer();
});
afterAll(async () => {
  await llm.close();
});

/** Starts the service with `env`; resolves with the process and its port once it listens. */
async function startService(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', service, llm.baseURL], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, port: Number(line.toString().trim()), stderr: () => errors };
}

describe('a traced service stopped by SIGTERM right after its requests', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-quick-exit-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.each([
    ['the default experiment', {}],
    ['an experiment named by ASSAY_EXPERIMENT_NAME', { ASSAY_EXPERIMENT_NAME: 'chat-service' }],
  ] as const)('keeps every trace of 20 requests, in %s', async (_label, extra) => {
    const root = join(directory, `store-${Object.keys(extra).length}`);
    const { child, port, stderr } = await startService({ ASSAY_TRACKING_URI: root, ...extra });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => (await fetch(`http://127.0.0.1:${port}/?q=question-${index}`)).text()),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, index) => `Echo: question-${index}`));
    // At once: the spans are still queued, their store possibly still opening.
    child.kill('SIGTERM');
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(stderr()).not.toContain('not saved');
    const assay = createAssay({ trackingUri: root });
    try {
      const experimentName = 'ASSAY_EXPERIMENT_NAME' in extra ? extra.ASSAY_EXPERIMENT_NAME : 'Default';
      const experiment = await assay.getExperimentByName(experimentName);
      expect(experiment, `experiment ${experimentName}`).toBeDefined();
      const { traces } = await assay.searchTraces({ experimentIds: [experiment!.experimentId], maxResults: 100 });
      expect(traces).toHaveLength(20);
    } finally {
      await assay.dispose();
    }
  });

  it('leaves no store behind when it traced nothing', async () => {
    const root = join(directory, 'untouched');
    const { child } = await startService({ ASSAY_TRACKING_URI: root });
    child.kill('SIGTERM');
    await once(child, 'close');
    expect(existsSync(root) ? await readdir(root) : []).toEqual([]);
  });
});
