// The store bench/dashboard measures: 100,000 traces of 10 spans (1,000,000 spans) plus one trace
// of 10,000 spans; 10,000 runs × 20 metrics × 1,000 steps (200,000,000 metric points) plus one run
// with a 100,000-step history. Written through the store's own write path (applyWrites: runs,
// params, tags, the last step of every metric, so latest metrics and run summaries are the store's),
// except the metric histories' earlier steps, which go in with one INSERT ... SELECT: the same rows
// logBatch writes to the metrics table, 200 million of them.
import { join } from 'node:path';
import { ASSAY_ATTRIBUTES, type Span, type WriteOperation } from '@assay/core';
import { DuckDbStore } from '@assay/store';
import { sortKeyValueTables } from '../../packages/store/src/maintenance/sort-key-value-tables.js';

/** The sizes; the are the defaults, `--small` divides them for a quick look. */
export interface DashboardStoreScale {
  traces: number;
  spansPerTrace: number;
  longTraceSpans: number;
  runs: number;
  metricsPerRun: number;
  steps: number;
  longHistorySteps: number;
}

export const FULL_SCALE: DashboardStoreScale = { traces: 100_000, spansPerTrace: 10, longTraceSpans: 10_000, runs: 10_000, metricsPerRun: 20, steps: 1_000, longHistorySteps: 100_000 };
export const SMALL_SCALE: DashboardStoreScale = { traces: 5_000, spansPerTrace: 10, longTraceSpans: 10_000, runs: 1_000, metricsPerRun: 20, steps: 100, longHistorySteps: 100_000 };

/** What the measurements need to find in the store. */
export interface DashboardStore {
  tracesExperimentId: string;
  runsExperimentId: string;
  longTraceId: string;
  longHistoryRunId: string;
  seconds: number;
}

const START_MS = 1_780_000_000_000;
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet', 'llama-3-70b'];
const hex = (value: number, length: number): string => value.toString(16).padStart(length, '0');

/** What a span carries beyond its place in the tree: its payloads as the tracer stores them (attributes). */
interface SpanExtra {
  inputs?: unknown;
  outputs?: unknown;
  attributes?: Record<string, unknown>;
  status?: Span['status'];
}

function span(traceId: string, id: number, parent: number | undefined, name: string, spanType: Span['spanType'], startMs: number, durationMs: number, extra: SpanExtra = {}): Span {
  const start = BigInt(startMs) * 1_000_000n;
  return {
    traceId,
    spanId: hex(id, 16),
    ...(parent === undefined ? {} : { parentSpanId: hex(parent, 16) }),
    name,
    spanType,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(Math.round(durationMs * 1_000_000))),
    status: extra.status ?? { code: 'OK' },
    attributes: {
      ...extra.attributes,
      ...(extra.inputs !== undefined ? { [ASSAY_ATTRIBUTES.spanInputs]: extra.inputs } : {}),
      ...(extra.outputs !== undefined ? { [ASSAY_ATTRIBUTES.spanOutputs]: extra.outputs } : {}),
    },
    events: [],
  };
}

/** One agent-like trace: a root, then (spans - 1) children alternating LLM calls and tool calls. */
function traceSpans(trace: number, spans: number): Span[] {
  const traceId = `tr-${hex(trace, 32)}`;
  const startMs = START_MS + trace * 1_000;
  const model = MODELS[trace % MODELS.length]!;
  const question = `Question ${trace}: how do I export notebook ${trace % 97} as PDF?`;
  const result: Span[] = [
    span(traceId, trace * 100_000 + 1, undefined, 'support-agent', 'AGENT', startMs, spans * 12, {
      inputs: { messages: [{ role: 'user', content: question }] },
      outputs: { role: 'assistant', content: `Answer ${trace}: open File, choose Export and pick PDF.` },
      attributes: { 'mlflow.trace.session': `session-${Math.floor(trace / 5)}`, 'mlflow.trace.user': `user-${trace % 300}` },
      ...(trace % 50 === 0 ? { status: { code: 'ERROR', message: 'rate limited (429)' } } : {}),
    }),
  ];
  for (let child = 1; child < spans; child += 1) {
    const llm = child % 2 === 1;
    result.push(
      span(traceId, trace * 100_000 + 1 + child, trace * 100_000 + 1, llm ? `chat ${model}` : 'search_docs', llm ? 'LLM' : 'TOOL', startMs + child * 10, 9, {
        inputs: llm ? { model, messages: [{ role: 'user', content: question }] } : { query: `export notebook ${trace % 97}` },
        outputs: llm ? { choices: [{ message: { role: 'assistant', content: `Step ${child} of trace ${trace}.` } }] } : { results: [`doc-${child}`] },
        attributes: llm ? { 'gen_ai.request.model': model, 'gen_ai.usage.input_tokens': 120 + (trace % 40), 'gen_ai.usage.output_tokens': 30 + (child % 20) } : {},
      }),
    );
  }
  return result;
}

/** A trace of `count` spans: a root with 100 steps, each with (count - 101) / 100 children, so the tree has depth and breadth. */
function longTraceSpans(trace: number, count: number): Span[] {
  const traceId = `tr-${hex(trace, 32)}`;
  const base = trace * 100_000;
  const spans: Span[] = [span(traceId, base + 1, undefined, 'long-agent', 'AGENT', START_MS, count, { inputs: { goal: 'a 10,000-span trace' }, outputs: 'done' })];
  const steps = 100;
  const perStep = Math.floor((count - 1 - steps) / steps);
  let id = base + 2;
  for (let step = 0; step < steps && spans.length < count; step += 1) {
    const stepId = id++;
    spans.push(span(traceId, stepId, base + 1, `step ${step + 1}`, 'CHAIN', START_MS + step * 100, 95, { inputs: { step: step + 1 } }));
    for (let child = 0; child < perStep && spans.length < count; child += 1) {
      spans.push(span(traceId, id++, stepId, child % 2 === 0 ? 'chat gpt-4o-mini' : 'lookup', child % 2 === 0 ? 'LLM' : 'TOOL', START_MS + step * 100 + child, 1, { inputs: { child }, outputs: { ok: true } }));
    }
  }
  while (spans.length < count) spans.push(span(traceId, id++, base + 1, 'tail', 'UNKNOWN', START_MS + 10_000, 1));
  return spans;
}

/** Builds the store in `root` (a DuckDB file `assay.duckdb`); see the file's comment. */
export async function buildDashboardStore(root: string, scale: DashboardStoreScale, log: (line: string) => void): Promise<DashboardStore> {
  const building = performance.now();
  const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
  try {
    const tracesExperimentId = await store.createExperiment({ name: 'bench-traces' });
    const runsExperimentId = await store.createExperiment({ name: 'bench-runs' });
    const runsExperiment = await store.getExperiment({ experimentId: runsExperimentId });

    // Traces: 20,000 spans per write.
    const batch: Span[] = [];
    for (let trace = 1; trace <= scale.traces; trace += 1) {
      batch.push(...traceSpans(trace, scale.spansPerTrace));
      if (batch.length >= 20_000 || trace === scale.traces) {
        await store.logSpans({ experimentId: tracesExperimentId, spans: batch.splice(0) });
      }
    }
    const longTrace = scale.traces + 1;
    await store.logSpans({ experimentId: tracesExperimentId, spans: longTraceSpans(longTrace, scale.longTraceSpans) });
    log(`traces: ${scale.traces} × ${scale.spansPerTrace} spans + one of ${scale.longTraceSpans} (${((performance.now() - building) / 1000).toFixed(1)} s)`);

    // Runs with params, tags and each metric's last step, through applyWrites.
    const metricKeys = Array.from({ length: scale.metricsPerRun }, (_, index) => (index === 0 ? 'accuracy' : index === 1 ? 'loss' : `metric_${String(index).padStart(2, '0')}`));
    const runIds: string[] = [];
    const lastStep = scale.steps - 1;
    for (let first = 0; first < scale.runs; first += 2_000) {
      const operations: WriteOperation[] = [];
      for (let index = first; index < Math.min(scale.runs, first + 2_000); index += 1) {
        const create = await store.prepareRun({ experimentId: runsExperimentId, runName: `run-${index}`, startTime: START_MS + index * 60_000, tags: { team: `team-${index % 7}` } }, runsExperiment);
        runIds.push(create.run.runId);
        operations.push(create, {
          op: 'logBatch',
          runId: create.run.runId,
          params: [
            { key: 'model', value: MODELS[index % MODELS.length]! },
            { key: 'learning_rate', value: String(10 ** -(2 + (index % 4))) },
            { key: 'batch_size', value: String(16 << index % 4) },
            { key: 'seed', value: String(index) },
          ],
          tags: [{ key: 'dataset', value: `ds-${index % 50}` }],
          metrics: metricKeys.map((key, metric) => ({ key, value: metricValue(index, metric, lastStep, scale.steps), timestamp: START_MS + index * 60_000 + lastStep * 1_000, step: lastStep })),
        }, { op: 'updateRun', runId: create.run.runId, status: 'FINISHED', endTime: START_MS + index * 60_000 + scale.steps * 1_000 });
      }
      await store.applyWrites(operations);
    }
    // The earlier steps of every history in one statement: the rows logBatch would have written.
    await store.exclusive(async (connection) => {
      await connection.run('CREATE TEMP TABLE bench_runs (position BIGINT, run_id VARCHAR)');
      const appender = await connection.createAppender('bench_runs', 'main', 'temp');
      runIds.forEach((runId, position) => {
        appender.appendBigInt(BigInt(position));
        appender.appendVarchar(runId);
        appender.endRow();
      });
      appender.closeSync();
      const keys = metricKeys.map((key) => `'${key}'`).join(', ');
      await connection.run(`
        INSERT INTO metrics (run_id, key, value, timestamp, step)
        SELECT r.run_id, k.key,
               ${sqlMetricValue('r.position', 'k.metric', 's.step', scale.steps)},
               ${START_MS} + r.position * 60000 + s.step * 1000, s.step
        FROM bench_runs r
        CROSS JOIN (SELECT unnest([${keys}]) AS key, generate_subscripts([${keys}], 1) - 1 AS metric) k
        CROSS JOIN (SELECT range AS step FROM range(${lastStep})) s`);
      await connection.run('DROP TABLE bench_runs');
    });
    log(`runs: ${scale.runs} × ${scale.metricsPerRun} metrics × ${scale.steps} steps (${((performance.now() - building) / 1000).toFixed(1)} s)`);

    // One run with a long history, for the chart.
    const long = await store.prepareRun({ experimentId: runsExperimentId, runName: 'long-history', startTime: START_MS }, runsExperiment);
    await store.applyWrites([long]);
    for (let first = 0; first < scale.longHistorySteps; first += 10_000) {
      const metrics = [];
      for (let step = first; step < Math.min(scale.longHistorySteps, first + 10_000); step += 1) {
        metrics.push({ key: 'loss', value: 2 * Math.exp(-step / 20_000) + 0.05 * Math.sin(step / 50) + 0.02 * ((step * 7919) % 13) / 13, timestamp: START_MS + step * 100, step });
      }
      await store.logBatch({ runId: long.run.runId, metrics });
    }
    await store.updateRun({ runId: long.run.runId, status: 'FINISHED', endTime: START_MS + scale.longHistorySteps * 100 });
    await store.exclusive((connection) => sortKeyValueTables(connection));
    return { tracesExperimentId, runsExperimentId, longTraceId: `tr-${hex(longTrace, 32)}`, longHistoryRunId: long.run.runId, seconds: (performance.now() - building) / 1000 };
  } finally {
    await store.close();
  }
}

/** A metric's value at a step: curves that differ by run and metric, deterministic. */
function metricValue(run: number, metric: number, step: number, steps: number): number {
  const progress = step / Math.max(1, steps - 1);
  return metric === 1 ? 2 * Math.exp(-3 * progress) + (run % 10) / 100 : (0.5 + 0.4 * (1 - Math.exp(-4 * progress))) * (0.9 + ((run * 31 + metric * 17) % 100) / 1000);
}

/** {@link metricValue} in SQL, for the bulk insert (the same numbers). */
function sqlMetricValue(run: string, metric: string, step: string, steps: number): string {
  const progress = `(${step}::DOUBLE / ${Math.max(1, steps - 1)})`;
  return `CASE WHEN ${metric} = 1 THEN 2 * exp(-3 * ${progress}) + (${run} % 10) / 100.0 ELSE (0.5 + 0.4 * (1 - exp(-4 * ${progress}))) * (0.9 + ((${run} * 31 + ${metric} * 17) % 100) / 1000.0) END`;
}
