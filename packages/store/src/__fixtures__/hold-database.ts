// Starts another process that holds a database file open until released: tests decide when the file is free, not the clock.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const holdScript = join(dirname(fileURLToPath(import.meta.url)), 'hold-database.mjs');

/** A process holding the database file. */
export interface DatabaseHolder {
  /** The holder's process id. */
  readonly pid: number;
  /** Whether release() was called. */
  readonly releasing: boolean;
  /** Lets the file go; resolves once the holder process has closed it and exited. */
  release(): Promise<void>;
}

/** Resolves once another process holds `path` open (and so locked), as soon as whoever has it now lets it go. */
export async function holdDatabase(path: string): Promise<DatabaseHolder> {
  const child = spawn(process.execPath, [holdScript, path], { cwd: dirname(holdScript), stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`holder exited with ${String(code)}`))));
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) resolve();
    });
    child.on('error', reject);
    exited.catch(reject);
  });
  let releasing = false;
  return {
    pid: child.pid!,
    get releasing() {
      return releasing;
    },
    release() {
      releasing = true;
      child.stdin.end();
      return exited;
    },
  };
}

/** Resolves once a process has left a marker in a store's `waiting/` directory, i.e. waits for the database. */
export async function someoneWaits(root: string): Promise<void> {
  for (;;) {
    const markers = await readdir(join(root, 'waiting')).catch(() => []);
    if (markers.length > 0) return;
    await sleep(5);
  }
}
