import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** The `assay` CLI running from its TypeScript sources in a child process. */
export interface SpawnedCli {
  child: ChildProcess;
  /** What it printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Options of spawnCli. */
export interface SpawnCliOptions {
  /** Environment variables added to the caller's. */
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed (without it, stdin is closed from the start). */
  input?: string;
}

/** Starts `assay <args>` (through tsx, from the repository root, without the caller's ASSAY_TRACKING_URI). */
export function spawnCli(args: readonly string[], { env = {}, input }: SpawnCliOptions = {}): SpawnedCli {
  const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, ASSAY_TRACKING_URI: '', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
  };
}
