// `assay server` as the user runs it (the built CLI, `node packages/cli/dist/bin.js server --store DIR --port 0 --json`),
// started, SIGKILLed or stopped with SIGTERM by the hand-over tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  const child = spawn(process.execPath, ['packages/cli/dist/bin.js', 'server', '--store', root, '--port', '0', '--json', '--quiet', ...extraArgs], {
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
