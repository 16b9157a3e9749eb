import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const traceId = `tr-${'b2'.repeat(16)}`;
const span = (spanId: string, parentSpanId: string | undefined, name: string, attributes: Record<string, unknown>) => ({
  traceId,
  spanId,
  ...(parentSpanId !== undefined ? { parentSpanId } : {}),
  name,
  spanType: 'CHAIN' as const,
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000250000000',
  status: { code: 'OK' as const },
  attributes,
  events: [],
});

describe("Assay's span routes", () => {
  const server = useTestServer();

  it("a trace's span tree without payloads, and one span with them; 404 for unknown traces and spans, 400 for bad ids", async () => {
    const experimentId = await server.store.createExperiment({ name: 'spans' });
    await server.store.logSpans({
      experimentId,
      spans: [
        span('00000000000000a1', undefined, 'agent', { 'mlflow.spanType': 'AGENT', 'mlflow.spanInputs': { question: 'big input' }, 'mlflow.spanOutputs': 'answer' }),
        span('00000000000000a2', '00000000000000a1', 'llm', {
          'mlflow.spanType': 'LLM',
          'mlflow.chat.tokenUsage': { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
          'gen_ai.request.model': 'gpt-4o-mini',
          'mlflow.spanInputs': { messages: [] },
        }),
      ],
    });
    const tree = await server.get(`/api/assay/v1/traces/${traceId}/spans`);
    expect(tree.body).toEqual({
      trace_id: traceId,
      spans: [
        { span_id: '00000000000000a1', name: 'agent', span_type: 'AGENT', start_time_unix_nano: '1700000000000000000', end_time_unix_nano: '1700000000250000000', duration_ms: 250, status: { code: 'OK' }, event_count: 0 },
        {
          span_id: '00000000000000a2',
          parent_span_id: '00000000000000a1',
          name: 'llm',
          span_type: 'LLM',
          start_time_unix_nano: '1700000000000000000',
          end_time_unix_nano: '1700000000250000000',
          duration_ms: 250,
          status: { code: 'OK' },
          model: 'gpt-4o-mini',
          token_usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
          // Priced by the store's model price table.
          cost: { input_cost: expect.any(Number), output_cost: expect.any(Number), total_cost: expect.any(Number) },
          event_count: 0,
        },
      ],
    });
    expect(JSON.stringify(tree.body)).not.toContain('big input');

    const detail = await server.get(`/api/assay/v1/traces/${traceId}/spans/00000000000000a1`);
    expect(detail.body.span).toMatchObject({ span_id: '00000000000000a1', inputs: { question: 'big input' }, outputs: 'answer', attributes: { 'mlflow.spanType': 'AGENT' }, events: [] });

    expect((await server.get(`/api/assay/v1/traces/tr-${'0'.repeat(32)}/spans`)).status).toBe(404);
    expect((await server.get(`/api/assay/v1/traces/${traceId}/spans/00000000000000ff`)).status).toBe(404);
    expect((await server.get('/api/assay/v1/traces/x/spans')).status).toBe(400);
  });
});

describe("Assay's whole-trace and trace-search routes", () => {
  const server = useTestServer();

  it('answer what the Store answers: the summary with token usage, cost and assessments, every span with its payloads; searches by the trace grammar and run', async () => {
    const experimentId = await server.store.createExperiment({ name: 'whole-traces' });
    const run = await server.store.createRun({ experimentId });
    await server.store.logSpans({
      experimentId,
      spans: [
        span('00000000000000a1', undefined, 'agent', { 'mlflow.spanInputs': { question: 'q' }, 'mlflow.sourceRun': run.info.runId, 'mlflow.trace.session': 's-1' }),
        span('00000000000000a2', '00000000000000a1', 'llm', { 'gen_ai.response.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 500 }),
      ],
    });
    const [feedback] = await server.store.logAssessments({ assessments: [{ traceId, name: 'rating', source: { sourceType: 'HUMAN', sourceId: 'ana' }, feedback: { value: 4 } }] });
    const stored = await server.store.getTrace({ traceId });
    const whole = await server.get(`/api/assay/v1/traces/${traceId}`);
    expect(whole.status).toBe(200);
    expect(whole.body.trace.info).toMatchObject({
      trace_id: traceId,
      experiment_id: experimentId,
      run_id: run.info.runId,
      name: 'agent',
      request_time: stored.info.requestTime,
      execution_duration_ms: 250,
      state: 'OK',
      token_usage: { input_tokens: 1000, output_tokens: 500, total_tokens: 1500 },
      cost: { input_cost: stored.info.cost!.inputCost, output_cost: stored.info.cost!.outputCost, total_cost: stored.info.cost!.totalCost },
      tags: stored.info.tags,
      metadata: stored.info.metadata,
      assessments: [expect.objectContaining({ assessment_id: feedback!.assessmentId, feedback: { value: 4 } })],
    });
    expect(whole.body.trace.spans.map((one: { span_id: string; attributes: unknown }) => [one.span_id, one.attributes])).toEqual(stored.spans.map((one) => [one.spanId, one.attributes]));
    expect(whole.body.trace.spans[1].cost).toEqual({ input_cost: stored.spans[1]!.cost!.inputCost, output_cost: stored.spans[1]!.cost!.outputCost, total_cost: stored.spans[1]!.cost!.totalCost });

    const found = await server.post('/api/assay/v1/traces/search', { experiment_ids: [experimentId], filter: 'cost.total > 0', run_id: run.info.runId });
    expect(found.body.traces).toEqual([whole.body.trace.info]);
    expect((await server.post('/api/assay/v1/traces/search', { experiment_ids: [experimentId], filter: "trace.status = 'ERROR'" })).body).toEqual({});
    expect((await server.post('/api/assay/v1/traces/search', { experiment_ids: [experimentId], filter: 'trace.status =' })).status).toBe(400);
    expect((await server.get(`/api/assay/v1/traces/tr-${'0'.repeat(32)}`)).status).toBe(404);
  });
});
