/**
 * The workloads the A/B harness can run: each prepares one side (one loaded
 * build) and runs rounds of it, returning figures per round. Add one here to
 * compare a new path; use only the builds' public API.
 */
import type { AssayBuild } from '../lib/assay-build.js';
import { prepareAutologCall } from '../lib/workloads/autolog-call.js';
import { burstRound, captureChatSpanTemplate, type BurstKind } from '../lib/workloads/burst.js';
import { prepareSteadyApp } from '../lib/workloads/steady-app.js';

/** One side of a comparison: a build, ready to run rounds. */
export interface AbSide {
  /** Runs one round; returns its figures (the workload's metric and any others). */
  round(): Promise<Record<string, number>>;
  dispose(): Promise<void>;
}

export interface AbWorkload {
  description: string;
  /** The figure the verdict is about (`--metric` picks another of the round's figures). */
  metric: { name: string; unit: string };
  /**
   * `alternate`: pairs run AB, BA, AB … (cancels order effects, the default);
   * `fixed`: always AB, so neither side idles for more than one round (for
   * workloads whose store must not close between rounds).
   */
  order: 'alternate' | 'fixed';
  /** Rounds (pairs) and warm-up pairs by default, and with --quick. */
  pairs: { full: number; quick: number; warmUp: number };
  prepare(build: AssayBuild, options: { quick: boolean }): Promise<AbSide>;
}

function burst(kind: BurstKind): AbWorkload {
  return {
    description:
      kind === 'small'
        ? 'burst of small spans (10-span traces) from trace() to rows committed in a fresh local store; spans/s, and CPU µs/span'
        : 'burst of ≈1.5 KB chat spans (what autolog records for a chat call, replayed through trace()) to rows committed; spans/s, and CPU µs/span',
    metric: { name: 'spansPerSecond', unit: 'spans/s' },
    order: 'alternate',
    pairs: { full: 12, quick: 6, warmUp: 1 },
    async prepare(build, { quick }) {
      const template = kind === 'chat' ? await captureChatSpanTemplate(build) : undefined;
      // Short rounds, many pairs: a wall-clock rate pairs well only over a short time on a busy machine.
      const spans = kind === 'small' ? (quick ? 10_000 : 30_000) : quick ? 4_000 : 10_000;
      return {
        async round() {
          const result = await burstRound(build, { kind, spans, ...(template ? { template } : {}) });
          return { spansPerSecond: result.spansPerSecond, process: result.cpu.process, appThread: result.cpu.appThread };
        },
        dispose: async () => undefined,
      };
    },
  };
}

/** Whether more or less of a figure is better: rates are, CPU times are not. */
export function betterOf(figure: string): 'lower' | 'higher' {
  return /PerSecond$/u.test(figure) ? 'higher' : 'lower';
}

/** The per-call workload of goal (a), on the autologged client (`traced`) or the plain one (`plain`, the harness's control). */
function autologCallWorkload({ description, side }: { description: string; side: 'traced' | 'plain' }): AbWorkload {
  return {
    description,
    metric: { name: 'appThread', unit: 'µs/call app-thread CPU' },
    order: 'alternate',
    pairs: { full: 15, quick: 6, warmUp: 2 },
    async prepare(build, { quick }) {
      const workload = await prepareAutologCall(build, { callsPerRound: quick ? 1_000 : 2_000 });
      return {
        async round() {
          const cpu = side === 'traced' ? await workload.tracedRound() : await workload.plainRound();
          return { appThread: cpu.appThread, process: cpu.process };
        },
        dispose: () => workload.dispose(),
      };
    },
  };
}

export const AB_WORKLOADS: Record<string, AbWorkload> = {
  'autolog-call': autologCallWorkload({
    description:
      'issue 12 (a): one autologged openai 6 chat.completions.create (stub fetch, content captured), spans stored to a local store, flush() in each round; CPU µs per call',
    side: 'traced',
  }),
  'plain-call': autologCallWorkload({
    description: "control: the same call on each build's plain openai client (no Assay involved); a harness check, expect 1.00",
    side: 'plain',
  }),
  'steady-app': {
    description: 'issue 12 (b): a 10-span trace every 10 ms, spans stored (default export interval), flush() in each round; CPU µs per span',
    metric: { name: 'process', unit: 'µs/span process CPU (all threads)' },
    order: 'fixed',
    pairs: { full: 12, quick: 4, warmUp: 1 },
    async prepare(build) {
      // 120 traces = 1.2 s per round: each side idles one round, less than the store's 2 s linger.
      const workload = await prepareSteadyApp(build, { tracesPerRound: 120 });
      return {
        async round() {
          const cpu = await workload.onRound();
          return { process: cpu.process, appThread: cpu.appThread };
        },
        dispose: () => workload.dispose(),
      };
    },
  },
  'burst-small': burst('small'),
  'burst-chat': burst('chat'),
};
