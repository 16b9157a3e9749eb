import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const traceId = `tr-${'a1'.repeat(16)}`;
const rootSpanId = '00000000000000aa';
const path = (suffix = '') => `/api/3.0/mlflow/traces/${traceId}/assessments${suffix}`;

describe("MLflow 3's assessment routes", () => {
  const server = useTestServer();

  beforeAll(async () => {
    const experimentId = await server.store.createExperiment({ name: 'assessed' });
    await server.store.logSpans({
      experimentId,
      spans: [{ traceId, spanId: rootSpanId, name: 'root', spanType: 'CHAIN', startTimeUnixNano: '1000000', endTimeUnixNano: '2000000', status: { code: 'OK' }, attributes: {}, events: [] }],
    });
  });

  it('create a feedback, get it, update it through an update mask, and see it on the trace info', async () => {
    const created = await server.post(path(), {
      assessment: {
        assessment_name: 'correctness',
        source: { source_type: 'LLM_JUDGE', source_id: 'openai:/gpt-4o-mini' },
        feedback: { value: 4 },
        rationale: 'mostly right',
        metadata: { round: '1' },
      },
    });
    expect(created.status).toBe(200);
    const assessment = created.body.assessment;
    expect(assessment).toEqual({
      assessment_id: expect.stringMatching(/^a-[0-9a-f]{32}$/),
      assessment_name: 'correctness',
      trace_id: traceId,
      source: { source_type: 'LLM_JUDGE', source_id: 'openai:/gpt-4o-mini' },
      create_time: expect.stringMatching(/Z$/),
      last_update_time: expect.stringMatching(/Z$/),
      feedback: { value: 4 },
      rationale: 'mostly right',
      metadata: { round: '1' },
      valid: true,
    });
    const id = assessment.assessment_id as string;
    expect((await server.get(path(`/${id}`))).body).toEqual({ assessment });

    const updated = await server.send('PATCH', path(`/${id}`), {
      assessment: { assessment_name: 'ignored', feedback: { value: 5 }, rationale: 'right after all' },
      update_mask: 'feedback,rationale',
    });
    expect(updated.body.assessment).toMatchObject({ assessment_name: 'correctness', feedback: { value: 5 }, rationale: 'right after all' });
    const renamed = await server.send('PATCH', path(`/${id}`), { assessment: { assessmentName: 'x', assessment_name: 'accuracy' }, update_mask: 'assessmentName' });
    expect(renamed.body.assessment.assessment_name).toBe('accuracy');

    const info = (await server.get(`/api/3.0/mlflow/traces/${traceId}`)).body.trace.trace_info;
    expect(info.assessments.map((item: { assessment_id: string }) => item.assessment_id)).toContain(id);
    const found = await server.store.searchTraces({ experimentIds: [info.trace_location.mlflow_experiment.experiment_id], filter: 'feedback.accuracy = 5' });
    expect(found.traces).toHaveLength(1);
  });

  it('expectations by value or serialized value, on a span; overrides; feedback errors', async () => {
    const expected = await server.post(path(), {
      assessment: { assessment_name: 'answer', span_id: rootSpanId, source: { source_type: 'HUMAN' }, expectation: { serialized_value: { serialization_format: 'JSON_FORMAT', value: '{"city": "Paris"}' } } },
    });
    expect(expected.body.assessment).toMatchObject({ span_id: rootSpanId, source: { source_type: 'HUMAN', source_id: 'default' }, expectation: { value: { city: 'Paris' } } });

    const first = (await server.post(path(), { assessment: { assessment_name: 'safety', source: { source_type: 'CODE', source_id: 'rule' }, feedback: { value: 'unsafe' } } })).body.assessment;
    const second = await server.post(path(), { assessment: { assessment_name: 'safety', source: { source_type: 'HUMAN', source_id: 'ada' }, feedback: { value: 'safe' }, overrides: first.assessment_id } });
    expect(second.body.assessment.overrides).toBe(first.assessment_id);
    expect((await server.get(path(`/${first.assessment_id}`))).body.assessment.valid).toBe(false);

    const failed = await server.post(path(), { assessment: { assessment_name: 'judge', source: { source_type: 'LLM_JUDGE' }, feedback: { error: { error_code: 'RATE_LIMIT', error_message: 'slow down' } } } });
    expect(failed.body.assessment.feedback).toEqual({ value: null, error: { error_code: 'RATE_LIMIT', error_message: 'slow down' } });

    expect(await server.send('DELETE', path(`/${second.body.assessment.assessment_id}`))).toEqual({ status: 200, body: {} });
    expect((await server.get(path(`/${first.assessment_id}`))).body.assessment.valid).toBe(true);
    expect((await server.get(path(`/${second.body.assessment.assessment_id}`))).status).toBe(404);
  });

  it('answers 400 naming the field and 404 for unknown traces and assessments', async () => {
    const feedback = { assessment_name: 'x', source: { source_type: 'HUMAN' }, feedback: { value: 1 } };
    expect((await server.post(path(), { assessment: { ...feedback, assessment_name: undefined } })).body.message).toContain("'assessment.assessment_name'");
    expect((await server.post(path(), { assessment: { ...feedback, source: undefined } })).body.message).toContain("'assessment.source'");
    expect((await server.post(path(), { assessment: { ...feedback, source: { source_type: 'ROBOT' } } })).body.message).toContain("'assessment.source.source_type'");
    expect((await server.post(path(), { assessment: { assessment_name: 'x', source: { source_type: 'HUMAN' } } })).status).toBe(400);
    expect((await server.post(path(), {})).body.message).toContain("'assessment'");
    expect((await server.post(path(), { assessment: { ...feedback, span_id: 'ffffffffffffffff' } })).status).toBe(400);
    const other = `tr-${'0'.repeat(32)}`;
    expect((await server.post(`/api/3.0/mlflow/traces/${other}/assessments`, { assessment: feedback })).status).toBe(404);
    expect((await server.post('/api/3.0/mlflow/traces/bad/assessments', { assessment: feedback })).status).toBe(400);

    const id = `a-${'0'.repeat(32)}`;
    expect((await server.get(path(`/${id}`))).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await server.send('PATCH', path(`/${id}`), { assessment: { rationale: 'r' } })).status).toBe(404);
    const created = (await server.post(path(), { assessment: feedback })).body.assessment;
    expect((await server.send('PATCH', path(`/${created.assessment_id}`), { assessment: { rationale: 'r' }, update_mask: 'source' })).body.message).toContain("'update_mask'");
    expect((await server.send('PATCH', path(`/${created.assessment_id}`), { assessment: {}, update_mask: 'rationale' })).status).toBe(400);
    expect((await server.send('PATCH', path(`/${created.assessment_id}`), {})).body.message).toContain("'assessment'");
    // Deleting an id the trace does not have is a no-op, as in MLflow.
    expect((await server.send('DELETE', path(`/${id}`))).status).toBe(200);
    expect((await server.send('DELETE', `/api/3.0/mlflow/traces/${other}/assessments/${id}`)).status).toBe(404);
  });
});
