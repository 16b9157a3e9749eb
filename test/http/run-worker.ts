import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** How a worker process ended and what it printed. */
export interface WorkerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script of test/http/workers through tsx, with `env` over this process's environment; its exit code and output. */
export function runWorker(script: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', join('test/http/workers', script), ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
