/** Reports rows done; a bar on an interactive terminal, nothing in CI or when piped. */
export interface Progress {
  /** One more row is done. */
  tick(): void;
  /** Ends the bar (call it also when the work failed). */
  stop(): void;
}

/** Options of `createProgress`. */
export interface CreateProgressOptions {
  /** Rows in all. */
  total: number;
  /** Show a bar; otherwise the progress is a no-op. */
  enabled: boolean;
  /** The bar's label, e.g. `evaluate`. */
  label: string;
}

const SILENT: Progress = { tick: () => undefined, stop: () => undefined };

/** Whether a progress bar makes sense here: stderr is a terminal and this is not CI. */
export function wantsProgress(): boolean {
  return process.stderr.isTTY === true && !process.env['CI'];
}

/**
 * A progress bar over `total` rows on stderr when `enabled`, else a no-op.
 * cli-progress is loaded only for a bar (it costs ~20 ms to import).
 */
export async function createProgress({ total, enabled, label }: CreateProgressOptions): Promise<Progress> {
  if (!enabled) return SILENT;
  const { default: cliProgress } = await import('cli-progress');
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
