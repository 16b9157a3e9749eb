/**
 * Workload: one autologged `chat.completions.create` (openai 6, content
 * capture on, spans stored in a local store) against the stub fetch, beside
 * the same call on a plain client. A round makes `callsPerRound` sequential
 * calls; a traced round ends with `flush()`, so storing its spans counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssayBuild } from '../assay-build.js';
import { CHAT_REQUEST, stubClientOptions } from '../chat-fixture.js';
import { cpuSince, readCpu } from '../cpu-clock.js';

/** CPU per call over one round, in microseconds. */
export interface CallCpu {
  /** The main thread's own CPU. */
  appThread: number;
  /** All threads of the process. */
  process: number;
  /** Wall-clock milliseconds of the round. */
  wallMs: number;
}

/** Plain and traced rounds of one build. */
export interface AutologCallWorkload {
  plainRound(): Promise<CallCpu>;
  tracedRound(): Promise<CallCpu>;
  /** Spans the traced client stored so far (checks that tracing really happened). */
  exported(): number;
  dispose(): Promise<void>;
}

/** Sets up `build`'s autolog on its CommonJS openai, storing to a fresh local store. */
export async function prepareAutologCall(build: AssayBuild, options: { callsPerRound: number }): Promise<AutologCallWorkload> {
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-autolog-'));
  await build.testing.resetForTests({ trackingUri: directory });
  const enabled = build.sdk.autolog({ openai: build.openai.traced, langchain: false, captureContent: true });
  await enabled.ready;
  if (!enabled.openai) throw new Error(`${build.label}: autolog did not instrument openai`);
  const plainClient = new build.openai.plain(stubClientOptions());
  const tracedClient = new build.openai.traced(stubClientOptions());
  if (Object.getPrototypeOf(plainClient.chat.completions) === Object.getPrototypeOf(tracedClient.chat.completions)) {
    throw new Error('expected two copies of openai (ES and CommonJS builds)');
  }
  const round = async (traced: boolean): Promise<CallCpu> => {
    const client = traced ? tracedClient : plainClient;
    // No forced GC: a full GC per round flushes compiled code and measures recompilation.
    const started = performance.now();
    const before = readCpu();
    for (let index = 0; index < options.callsPerRound; index += 1) await client.chat.completions.create(CHAT_REQUEST);
    if (traced) await build.sdk.flush();
    const used = cpuSince(before);
    return { appThread: used.appThread / options.callsPerRound, process: used.process / options.callsPerRound, wallMs: performance.now() - started };
  };
  return {
    plainRound: () => round(false),
    tracedRound: () => round(true),
    exported: () => build.sdk.getExportStats().exported,
    async dispose() {
      build.sdk.autolog({ disable: true });
      await build.testing.resetForTests();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
