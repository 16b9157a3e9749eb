// `assay server` as the user runs it (the built CLI, `node packages/cli/dist/bin.js server --store DIR --port 0 --json`),
// started, SIGKILLed or stopped with SIGTERM by the hand-over tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A running server process. */
export interface RunningServer {
  child: ChildProcess;
  /** What its --json line said. */
  url: string;
  pid: number;
  /** Resolves when it exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed on stderr so far. */
  stderr(): string;
}

/** Starts the built CLI's `assay server` on a store directory and resolves once it printed its JSON line (it listens and has announced itself). */
export async function startBuiltServer(root: string, extraArgs: readonly string[] = [], env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['packages/cli/dist/bin.js', 'server', '--store', root, '--port', '0', '--json', '--quiet', '--no-ui', ...extraArgs], {
    cwd: repositoryRoot,
    env: { ...process.env, ASSAY_TRACKING_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    void exited.then(({ code }) => reject(new Error(`assay server exited with ${String(code)} before listening: ${stderr}`)));
  });
  const parsed = JSON.parse(line) as { url: string; pid: number };
  return { child, url: parsed.url, pid: parsed.pid, exited, stderr: () => stderr };
}

/** Store folders and servers a test file made, removed and killed after its tests (see useCleanup). */
export interface Cleanup {
  /** Folders (or files) to remove. */
  roots: string[];
  /** Servers to SIGKILL if still running. */
  servers: RunningServer[];
}

/** Lists a test file's folders and servers, cleaned up after all its tests. */
export function useCleanup(): Cleanup {
  const cleanup: Cleanup = { roots: [], servers: [] };
  afterAll(() => {
    for (const server of cleanup.servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    for (const root of cleanup.roots) rmSync(root, { recursive: true, force: true });
  });
  return cleanup;
}
