import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

const PATH = '/api/assay/v1/assessments';
const traceId = (index: number) => `tr-${index.toString(16).padStart(32, '0')}`;

async function seedTrace(server: ReturnType<typeof useTestServer>, experimentId: string, index: number): Promise<void> {
  await server.store.logSpans({
    experimentId,
    spans: [{ traceId: traceId(index), spanId: 'a'.repeat(16), name: 'root', spanType: 'CHAIN', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000001000000', status: { code: 'OK' }, attributes: {}, events: [] }],
  });
}

describe("Assay's assessments route", () => {
  const server = useTestServer();

  it('logs feedback and expectations on several traces, all or none, and answers them as stored', async () => {
    const experimentId = await server.store.createExperiment({ name: 'assessed' });
    await seedTrace(server, experimentId, 1);
    await seedTrace(server, experimentId, 2);
    const logged = await server.post(PATH, {
      assessments: [
        { trace_id: traceId(1), assessment_name: 'rating', source: { source_type: 'LLM_JUDGE', source_id: 'judge' }, feedback: { value: 4 }, rationale: 'Good.', metadata: { rubric: 'v1' } },
        { trace_id: traceId(2), assessment_name: 'answer', source: { source_type: 'HUMAN', source_id: 'ana' }, expectation: { value: { city: 'Paris' } } },
      ],
    });
    expect(logged.status).toBe(200);
    expect(logged.body.assessments).toEqual([
      expect.objectContaining({ trace_id: traceId(1), assessment_name: 'rating', feedback: { value: 4 }, rationale: 'Good.', metadata: { rubric: 'v1' }, valid: true }),
      expect.objectContaining({ trace_id: traceId(2), assessment_name: 'answer', expectation: { value: { city: 'Paris' } }, valid: true }),
    ]);
    expect((await server.store.getTrace({ traceId: traceId(1) })).info.assessments.map((assessment) => assessment.assessmentId)).toEqual([logged.body.assessments[0].assessment_id]);

    const refused = await server.post(PATH, {
      assessments: [
        { trace_id: traceId(1), assessment_name: 'again', source: { source_type: 'HUMAN' }, feedback: { value: 1 } },
        { trace_id: traceId(404), assessment_name: 'lost', source: { source_type: 'HUMAN' }, feedback: { value: 1 } },
      ],
    });
    expect(refused.status).toBe(404);
    expect((await server.store.getTrace({ traceId: traceId(1) })).info.assessments).toHaveLength(1);
    expect((await server.post(PATH, { assessments: [{ trace_id: 'tr-nope', assessment_name: 'x', source: { source_type: 'HUMAN' }, feedback: { value: 1 } }] })).body.message).toContain('assessments[0].trace_id');
  });
});

describe("Assay's assessments route with auth: EDIT on each trace's experiment", () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'assessments-batch-auth');

  it('refuses the batch when one trace is not editable', async () => {
    await seedTrace(server, shared.experimentId, 7);
    const body = { assessments: [{ trace_id: traceId(7), assessment_name: 'r', source: { source_type: 'HUMAN', source_id: 'x' }, feedback: { value: 1 } }] };
    expect((await server.post(PATH, body)).status).toBe(401);
    expect((await server.post(PATH, body, as('reader'))).status).toBe(403);
    expect((await server.post(PATH, body, as('editor'))).status).toBe(200);
  });

  it('refuses an empty batch, which names no trace whose permission could be checked', async () => {
    const answer = await server.post(PATH, { assessments: [] }, as('reader'));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });
});
