import cliProgress from 'cli-progress';

/** Reports rows done; a bar on an interactive terminal, nothing in CI or when piped. */
export interface Progress {
  tick(): void;
  stop(): void;
}

const SILENT: Progress = { tick: () => undefined, stop: () => undefined };

/** Whether a progress bar makes sense here: stderr is a terminal and this is not CI. */
export function wantsProgress(): boolean {
  return process.stderr.isTTY === true && !process.env['CI'];
}

/** A progress bar over `total` rows on stderr when `enabled`, else a no-op. */
export function createProgress(total: number, enabled: boolean, label: string): Progress {
  if (!enabled) return SILENT;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} rows | {percentage}% | {duration_formatted} elapsed, eta {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    tick: () => bar.increment(),
    stop: () => bar.stop(),
  };
}
