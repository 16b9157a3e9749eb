// bench/tracing (a): CPU time autolog adds to one chat.completions.create,
// against an in-process stub fetch (no network, no mock server), as the
// difference and the ratio to the uninstrumented client in the same run.
// Rounds alternate instrumented and plain; each instrumented round ends with
// flush(), so the export of its spans to the embedded store is counted too.
// Run: pnpm bench tracing
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { flush, setTrackingUri } from '@assay/sdk';
import { createStubOpenAIFetch } from '../../packages/sdk/src/autolog/openai/__fixtures__/stub-openai-fetch.js';
import { instrumentOpenAI, uninstrumentOpenAI } from '../../packages/sdk/src/autolog/openai/instrument-openai.js';
import { resetTracingForTests } from '../../packages/sdk/src/tracing/tracer-provider.js';
import { median, report } from '../lib/report.js';

const CALLS_PER_ROUND = 2_000;
const ROUNDS = 15;

const client = new OpenAI({ apiKey: 'bench', baseURL: 'http://stub.test/v1', fetch: createStubOpenAIFetch(), maxRetries: 0 });
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
  if (instrumented) instrumentOpenAI(OpenAI);
  else uninstrumentOpenAI();
  const before = process.cpuUsage();
  for (let index = 0; index < CALLS_PER_ROUND; index += 1) await client.chat.completions.create(request);
  if (instrumented) await flush();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CALLS_PER_ROUND;
}

const root = await mkdtemp(join(tmpdir(), 'assay-bench-autolog-'));
setTrackingUri(root);
await resetTracingForTests();
await round(true); // warm-up: JIT, store creation
await round(false);
const plain: number[] = [];
const traced: number[] = [];
for (let index = 0; index < ROUNDS; index += 1) {
  plain.push(await round(false));
  traced.push(await round(true));
}
uninstrumentOpenAI();
await rm(root, { recursive: true, force: true });

const added = median(traced) - median(plain);
report({
  name: `(a) CPU added per autologged chat.completions.create, content capture on (median of ${ROUNDS} rounds × ${CALLS_PER_ROUND.toLocaleString('en-US')} calls)`,
  value: added,
  unit: 'µs',
  goal: { atMost: 25 },
  note: `plain client ${median(plain).toFixed(1)} µs/call, autologged ${median(traced).toFixed(1)} µs/call (ratio ${(median(traced) / median(plain)).toFixed(2)}×), including the export of the spans to the embedded store`,
});
process.exit(0);
