import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../local/local-store.js';

const registerScript = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'register-versions.ts');

interface Registrar {
  pid: number;
  /** Resolves once the process has opened its store and waits for the start. */
  ready: Promise<void>;
  /** Starts its registrations. */
  start(): void;
  /** Resolves when it has exited, with the version numbers it printed. */
  versions: Promise<number[]>;
}

/** Runs register-versions.ts in another process. */
function registrar(root: string, model: string, count: number): Registrar {
  const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', registerScript, root, model, String(count)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const versions = new Promise<number[]>((resolve, reject) => {
    // The process's own end is the signal: a child that hung would fail the test by its timeout.
    child.on('close', (code) => {
      const printed = stdout.split('\n')[1] ?? '';
      if (code === 0 && printed.startsWith('[')) resolve(JSON.parse(printed) as number[]);
      else reject(new Error(`register-versions.ts exited with ${String(code)}: ${stderr || stdout}`));
    });
    child.on('error', reject);
  });
  return { pid: child.pid!, ready, start: () => child.stdin.end('go\n'), versions };
}

describe('model version numbers with several processes registering at once', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-registry-processes-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('8 processes registering 4 versions each of one model get 1 to 32, each once, each in the audit log once', async () => {
    const processes = 8;
    const perProcess = 4;
    const setup = await LocalStore.open({ root });
    await setup.createRegisteredModel({ name: 'shared' });
    await setup.close();

    const registrars = Array.from({ length: processes }, () => registrar(root, 'shared', perProcess));
    await Promise.all(registrars.map((each) => each.ready));
    for (const each of registrars) each.start();
    const got = await Promise.all(registrars.map((each) => each.versions));

    const all = got.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: processes * perProcess }, (_, index) => index + 1));
    const store = await LocalStore.open({ root });
    try {
      const stored = (await store.searchModelVersions({ filter: "name = 'shared'", orderBy: ['version_number ASC'] })).items;
      expect(stored.map((version) => version.version)).toEqual(all);
      // Each number is stored with the source of the process that was told it.
      registrars.forEach((each, index) => {
        for (const version of got[index]!) expect(stored[version - 1]!.source).toMatch(new RegExp(`^file:///${each.pid}/\\d+$`, 'u'));
      });
      expect((await store.getRegisteredModel({ name: 'shared' })).latestVersions.map((version) => version.version)).toEqual([processes * perProcess]);
      const events = (await store.listRegistryEvents({ name: 'shared', maxResults: 1000 })).items.filter((event) => event.action === 'create_version');
      expect(events.map((event) => event.version).sort((a, b) => a! - b!)).toEqual(all);
    } finally {
      await store.close();
    }
    // Eight processes starting tsx on two busy cores take a while; the timeout only stops a hung child.
  }, 180_000);
});
