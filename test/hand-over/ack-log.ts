// Reads a numbered writer's acknowledgement log (see workers/numbered-writer.ts).
import { readFileSync } from 'node:fs';

/** What one writer has acknowledged so far, and the routes it took. */
export interface AckLog {
  runId: string | undefined;
  metrics: number[];
  params: number[];
  spans: number[];
  /** Each route it switched to, in order (`file` or a server's URL). */
  routes: string[];
  /** Acknowledged writes since its last switch. */
  sinceLastSwitch: number;
  done: boolean;
}

export function readAckLog(path: string): AckLog {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // Not written yet.
  }
  const log: AckLog = { runId: undefined, metrics: [], params: [], spans: [], routes: [], sinceLastSwitch: 0, done: false };
  // Only whole lines: the writer may be appending one now.
  for (const line of text.split('\n').slice(0, -1)) {
    const [kind, value = ''] = line.split(' ');
    if (kind === 'via') {
      log.routes.push(value);
      log.sinceLastSwitch = 0;
    } else if (kind === 'run') {
      log.runId = value;
    } else if (kind === 'metric' || kind === 'param' || kind === 'span') {
      log[`${kind}s`].push(Number(value));
      log.sinceLastSwitch += 1;
    } else if (kind === 'done') {
      log.done = true;
    }
  }
  return log;
}
