// `assay server` as a real process for the SDK's HTTP tests: on a store directory of its own, on 127.0.0.1 and a free
// port (or the port it had, to start it again), stopped with SIGTERM as a user stops it (requests in flight finish,
// the store is flushed and closed).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A server process on a store directory, started and stopped at will. */
export interface ServerProcess {
  /** The store directory. */
  readonly root: string;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** What the process printed on stderr so far (all its runs). */
  readonly stderr: string;
  /** SIGTERM, then waits for it to exit (it finishes requests in flight and closes its store first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Stops it and removes the store directory. */
  dispose(): Promise<void>;
}

/** Starts `assay server --store <temp dir> --port 0 --json --quiet` from the CLI's TypeScript sources. */
export async function startServerProcess(): Promise<ServerProcess> {
  const root = await mkdtemp(join(tmpdir(), 'assay-server-process-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let port = 0;
  let stderr = '';
  const start = async (): Promise<void> => {
    const current = spawn(
      process.execPath,
      ['--conditions=@assay/source', '--import', 'tsx', 'packages/cli/src/bin.ts', 'server', '--store', root, '--host', '127.0.0.1', '--port', String(port), '--json', '--quiet', '--no-ui'],
      { cwd: repositoryRoot, env: { ...process.env, ASSAY_TRACKING_URI: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = current;
    exited = new Promise((resolve) => current.once('exit', () => resolve()));
    current.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const line = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      current.stdout!.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      current.once('exit', (code) => reject(new Error(`assay server exited with ${String(code)} before listening: ${stderr}`)));
    });
    port = Number(new URL((JSON.parse(line) as { url: string }).url).port);
  };
  const stop = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null) return;
    current.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    root,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get stderr() {
      return stderr;
    },
    stop,
    start,
    dispose: async () => {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
