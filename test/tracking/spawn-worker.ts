import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: workers run from there so workspace packages resolve to their sources. */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Worker {
  child: ChildProcess;
  /** Resolves with stdout and the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Everything printed on stdout so far. */
  output(): string;
}

/** How spawnWorker runs a worker. */
export interface SpawnWorkerOptions {
  /** Environment variables added to this process's. */
  env?: Record<string, string>;
}

/** Runs a TypeScript worker in a new Node process, as a user's script would run. */
export function spawnWorker(script: string, args: string[], options: SpawnWorkerOptions = {}): Worker {
  const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', script, ...args], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      // 'close' comes after the process exited and its output streams are drained.
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
  return { child, exited, output: () => stdout };
}
