// bench/tracing (a): CPU time autolog adds to one chat.completions.create,
// against an in-process stub fetch (no network, no mock server), as the
// difference and the ratio to the uninstrumented client in the same run.
// Rounds alternate instrumented and plain. The figure is the in-app cost:
// the wrapper, the span, its attributes and content, its conversion and
// queueing (spans go to a sink that drops them). A second figure adds the
// export of the spans to the embedded store (flush() at the end of each round).
// Run: pnpm bench tracing
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import OpenAI from 'openai';
import { encodeSpanBatch, flush, type AssaySpanExporter } from '@assay/sdk';
import { instrumentOpenAI, uninstrumentOpenAI } from '@assay/sdk/openai';
import { resetForTests } from '@assay/sdk/test';
import { createStubOpenAIFetch } from '../../packages/sdk/src/autolog/openai/__fixtures__/stub-openai-fetch.js';
import { median, report } from '../lib/report.js';

const CALLS_PER_ROUND = 2_000;
const ROUNDS = 15;

// The same openai release twice: its ES build stays plain, its CommonJS build
// (separate classes) is instrumented once. Toggling one copy between rounds
// would deoptimise both paths and measure V8, not Assay.
const OpenAITraced = createRequire(import.meta.url)('openai') as typeof OpenAI;
const options = { apiKey: 'bench', baseURL: 'http://stub.test/v1', fetch: createStubOpenAIFetch(), maxRetries: 0 };
const plainClient = new OpenAI(options);
const tracedClient = new OpenAITraced(options);
if (Object.getPrototypeOf(plainClient.chat.completions) === Object.getPrototypeOf(tracedClient.chat.completions)) {
  throw new Error('expected two copies of openai (ES and CommonJS builds)');
}
const request = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system' as const, content: 'You are a concise assistant for a travel agency.' },
    { role: 'user' as const, content: 'Which three museums in Paris should I see on a rainy Sunday?' },
  ],
  temperature: 0.3,
};

/** CPU microseconds (user + system, all threads) per call over one round. */
async function round(instrumented: boolean): Promise<number> {
  const client = instrumented ? tracedClient : plainClient;
  // no forced GC: a full GC per round flushes compiled code and measures recompilation
  const before = process.cpuUsage();
  for (let index = 0; index < CALLS_PER_ROUND; index += 1) await client.chat.completions.create(request);
  if (instrumented) await flush();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CALLS_PER_ROUND;
}

/** Medians of alternating plain and instrumented rounds. */
async function measure(): Promise<{ plain: number; traced: number; added: number }> {
  await round(true); // warm-up: JIT, store creation
  await round(false);
  const plain: number[] = [];
  const traced: number[] = [];
  const added: number[] = [];
  for (let index = 0; index < ROUNDS; index += 1) {
    const p = await round(false);
    const t = await round(true);
    plain.push(p);
    traced.push(t);
    added.push(t - p);
  }
  return { plain: median(plain), traced: median(traced), added: median(added) };
}

instrumentOpenAI(OpenAITraced);
// Like the store's exporter, the discard exporter converts each batch (payloads stay JSON text), then drops it.
const discard: AssaySpanExporter = { export: async (batch) => void encodeSpanBatch(batch) };
await resetForTests({ tracing: { resolveDestination: async () => ({ exporter: discard, experimentId: '0' }) } });
const inApp = await measure();

const root = await mkdtemp(join(tmpdir(), 'assay-bench-autolog-'));
await resetForTests({ trackingUri: root });
const withStore = await measure();
uninstrumentOpenAI();
await rm(root, { recursive: true, force: true });

report({
  name: `(a) CPU added per autologged chat.completions.create, content capture on (median of ${ROUNDS} paired rounds × ${CALLS_PER_ROUND.toLocaleString('en-US')} calls)`,
  value: inApp.added,
  unit: 'µs',
  goal: { atMost: 25 },
  note:
    `plain client ${inApp.plain.toFixed(1)} µs/call, autologged ${inApp.traced.toFixed(1)} µs/call (ratio ${(inApp.traced / inApp.plain).toFixed(2)}×); ` +
    `with the spans also written to the embedded store: +${withStore.added.toFixed(1)} µs/call (ratio ${(withStore.traced / withStore.plain).toFixed(2)}×)`,
});
process.exit(0);
