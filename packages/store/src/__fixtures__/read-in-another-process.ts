// Runs read-store.ts (or another fixture) in another process: a LocalStore there, which waits for the file like any other Assay process.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How the reading process ended. */
export interface ReadResult {
  code: number | null;
  /** What it printed: `{"experiments":[...names]}` on success. */
  stdout: string;
  stderr: string;
}

/** Reads the experiments of the store at `root` from another process. */
export function readInAnotherProcess(root: string): Promise<ReadResult> {
  return runInAnotherProcess('read-store.ts', [root]);
}

/** Runs one of these fixtures (`script`, a file name in this directory) in another process. */
export function runInAnotherProcess(script: string, args: string[]): Promise<ReadResult> {
  const path = join(dirname(fileURLToPath(import.meta.url)), script);
  const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.on('error', reject);
  });
}
