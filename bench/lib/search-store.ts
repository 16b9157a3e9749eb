// The search store the benches share (bench/server's runs/search and traces/search,
// bench/search's split of one runs search): built once per size, kept under bench/.data.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Span, WriteOperation } from '@assay/core';
import { DuckDbStore } from '@assay/store';
import { THIS_CHECKOUT } from './assay-build.js';

const SEARCH_VERSION = 'v1';

/** The runs search both benches time: three key/value comparisons (a metric, a param, a tag), ordered by another metric. */
export const RUN_FILTER = `metrics.m_1 > 0.5 and params.model = 'gpt-4o' and tags.team LIKE 'ml%'`;
export const RUN_ORDER_BY = ['metrics.m_2 DESC'];

const hex = (value: number, length: number): string => value.toString(16).padStart(length, '0');

/**
 * Builds (once per size and SEARCH_VERSION, under bench/.data) a store of `size` runs (10 params, 10 metrics,
 * a `team` tag each) in experiment 'bench-runs' and `size` traces (a root and a chat span each) in
 * 'bench-traces'; returns its root. Change SEARCH_VERSION when the contents change.
 */
export async function buildSearchStore(size: number): Promise<string> {
  const root = join(THIS_CHECKOUT, 'bench', '.data', `server-search-${size}-${SEARCH_VERSION}`);
  const marker = join(root, 'complete');
  if (existsSync(marker)) return root;
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  console.log(`building a store of ${size.toLocaleString('en-US')} runs and ${size.toLocaleString('en-US')} traces in ${root} (once) ...`);
  const building = performance.now();
  const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
  const runsExperimentId = await store.createExperiment({ name: 'bench-runs' });
  const runsExperiment = await store.getExperiment({ experimentId: runsExperimentId });
  const models = ['gpt-4o', 'gpt-4o-mini', 'claude', 'llama'];
  const teams = ['ml-core', 'ml-apps', 'search', 'infra'];
  let seed = 42;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const chunk = 5000;
  for (let first = 0; first < size; first += chunk) {
    const operations: WriteOperation[] = [];
    for (let index = first; index < first + chunk; index += 1) {
      const create = await store.prepareRun({ experimentId: runsExperimentId, runName: `run-${index}`, startTime: 1_700_000_000_000 + index, tags: { team: teams[index % 4]! } }, runsExperiment);
      operations.push(create, {
        op: 'logBatch',
        runId: create.run.runId,
        params: Array.from({ length: 10 }, (_, key) => ({ key: key === 0 ? 'model' : `param_${key}`, value: key === 0 ? models[index % 4]! : String(key * index) })),
        metrics: Array.from({ length: 10 }, (_, key) => ({ key: `m_${key}`, value: random(), timestamp: 1_700_000_000_000 + index, step: 0 })),
        tags: [],
      });
    }
    await store.applyWrites(operations);
  }
  const tracesExperimentId = await store.createExperiment({ name: 'bench-traces' });
  for (let first = 0; first < size; first += chunk) {
    const spans: Span[] = [];
    for (let index = first; index < first + chunk; index += 1) {
      const traceId = `tr-${hex(index + 1, 32)}`;
      const start = 1_700_000_000_000_000_000n + BigInt(index) * 1_000_000_000n;
      const duration = BigInt(Math.floor(random() * 2000)) * 1_000_000n;
      const failed = index % 10 === 3;
      spans.push(
        {
          traceId,
          spanId: hex(index * 2 + 1, 16),
          name: 'invoke_agent support',
          spanType: 'AGENT',
          startTimeUnixNano: start.toString(),
          endTimeUnixNano: (start + duration).toString(),
          status: failed ? { code: 'ERROR', message: 'carrier API unreachable' } : { code: 'OK' },
          attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support', 'mlflow.spanInputs': { question: `order ${index}?` } },
          events: [],
        },
        {
          traceId,
          spanId: hex(index * 2 + 2, 16),
          parentSpanId: hex(index * 2 + 1, 16),
          name: 'chat gpt-4o-mini',
          spanType: 'CHAT_MODEL',
          startTimeUnixNano: (start + 1_000_000n).toString(),
          endTimeUnixNano: (start + duration).toString(),
          status: { code: 'OK' },
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': models[index % 4]!, 'gen_ai.usage.input_tokens': 100 + (index % 50), 'gen_ai.usage.output_tokens': 20 },
          events: [],
        },
      );
    }
    await store.logSpans({ experimentId: tracesExperimentId, spans });
  }
  await store.close();
  await writeFile(marker, '');
  console.log(`  built in ${((performance.now() - building) / 1000).toFixed(0)} s`);
  return root;
}
