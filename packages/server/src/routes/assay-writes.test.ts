import { describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, generateRunId, packSpans } from '@assay/core';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, denied, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

const PATH = '/api/assay/v1/writes';
const T = 1_700_000_000_000;

function span(trace: number, start: number) {
  return {
    traceId: `tr-${trace.toString(16).padStart(32, '0')}`,
    spanId: '1'.padStart(16, '0'),
    name: 'root',
    spanType: 'CHAIN' as const,
    startTimeUnixNano: `${start}000000`,
    endTimeUnixNano: `${start + 5}000000`,
    status: { code: 'OK' as const },
    attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { q: 'x' } } as Record<string, unknown>,
    events: [],
  };
}

describe("Assay's writes route", () => {
  const server = useTestServer();

  it('applies runs, metrics (NaN too), tags, spans and evaluation rows in order, answering each; the same writes again are not applied twice', async () => {
    const experimentId = await server.store.createExperiment({ name: 'writes' });
    const runId = generateRunId();
    const writes = [
      { sequence: 1, type: 'create_run', experiment_id: experimentId, run_id: runId, run_name: 'remote', start_time: T, tags: { team: 'ml' } },
      {
        sequence: 2,
        type: 'log_batch',
        run_id: runId,
        metrics: [
          { key: 'acc', value: 0.5, timestamp: T, step: 0 },
          { key: 'nan', value: 'NaN', timestamp: T, step: 0 },
        ],
        params: [{ key: 'model', value: 'gpt-4o' }],
      },
      { sequence: 3, type: 'delete_tag', run_id: runId, key: 'team' },
      { sequence: 4, type: 'log_spans', experiment_id: experimentId, packed: packSpans([{ ...span(1, T), attributes: { ...span(1, T).attributes, [ASSAY_ATTRIBUTES.sourceRun]: runId } }]) },
      { sequence: 5, type: 'log_evaluation_rows', run_id: runId, rows: [{ row_index: 0, inputs: { q: 'x' }, output: 'y', metrics: { exact_match: 1 } }] },
      { sequence: 6, type: 'update_run', run_id: runId, status: 'FINISHED', end_time: T + 10 },
    ];
    const answer = await server.post(PATH, { writer: 'client-a', writes });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((result: { sequence: number }) => result.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(answer.body.results.filter((result: { error?: unknown }) => result.error !== undefined)).toEqual([]);
    expect(answer.body.results[0].run.info).toMatchObject({ run_id: runId, run_name: 'remote', status: 'RUNNING', start_time: T });
    expect(answer.body.results[5].run_info).toMatchObject({ run_id: runId, status: 'FINISHED', end_time: T + 10 });

    // The answer was lost: the client sends everything again.
    expect((await server.post(PATH, { writer: 'client-a', writes })).status).toBe(200);
    const run = await server.store.getRun({ runId });
    expect(run.data.params).toEqual({ model: 'gpt-4o' });
    expect(run.data.tags.team).toBeUndefined();
    expect(run.info.status).toBe('FINISHED');
    expect(await server.store.getMetricHistory({ runId, key: 'acc' })).toHaveLength(1);
    expect(Number.isNaN(run.data.metrics.nan)).toBe(true);
    expect((await server.store.getTrace({ traceId: span(1, T).traceId })).info.runId).toBe(runId);
    expect(await server.store.readEvaluationRows({ runId })).toEqual([{ rowIndex: 0, inputs: { q: 'x' }, output: 'y', metrics: { exact_match: 1 } }]);
  });

  it('refuses bad writes alone, with their MLflow error, and the request when the numbers do not increase', async () => {
    const runId = generateRunId();
    const answer = await server.post(PATH, {
      writer: 'client-b',
      writes: [
        { sequence: 1, type: 'create_run', experiment_id: '0', run_id: runId },
        { sequence: 2, type: 'log_batch', run_id: generateRunId(), params: [{ key: 'p', value: '1' }] },
        { sequence: 3, type: 'log_batch', run_id: runId, params: [{ key: 'bad!key', value: '1' }] },
        { sequence: 4, type: 'log_spans', experiment_id: '987654', packed: packSpans([span(2, T)]) },
        { sequence: 5, type: 'log_batch', run_id: runId, params: [{ key: 'good', value: '1' }] },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((result: { error?: { error_code: string } }) => result.error?.error_code)).toEqual([
      undefined,
      'RESOURCE_DOES_NOT_EXIST',
      'INVALID_PARAMETER_VALUE',
      'RESOURCE_DOES_NOT_EXIST',
      undefined,
    ]);
    expect(answer.body.results[2].error.message).toContain('bad!key');
    expect((await server.store.getRun({ runId })).data.params).toEqual({ good: '1' });

    const unordered = await server.post(PATH, { writer: 'client-b', writes: [{ sequence: 7, type: 'delete_tag', run_id: runId, key: 'k' }, { sequence: 7, type: 'delete_tag', run_id: runId, key: 'k' }] });
    expect(unordered.status).toBe(400);
    expect(unordered.body.message).toContain('writes[1].sequence');
    expect((await server.post(PATH, { writer: '', writes: [] })).status).toBe(400);
    expect((await server.post(PATH, { writer: 'x', writes: [{ sequence: 1, type: 'drop_table' }] })).status).toBe(400);
  });
  it('files spans sent by experiment name (spooled at exit before the id was known) under that experiment, created when missing; a deleted one refuses them', async () => {
    const existing = await server.store.createExperiment({ name: 'named-existing' });
    const deleted = await server.store.createExperiment({ name: 'named-deleted' });
    await server.store.deleteExperiment({ experimentId: deleted });
    const answer = await server.post(PATH, {
      writer: 'client-named',
      writes: [
        { sequence: 1, type: 'log_spans', experiment_id: '', experiment_name: 'named-new', packed: packSpans([span(3, T)]) },
        { sequence: 2, type: 'log_spans', experiment_id: '', experiment_name: 'named-existing', packed: packSpans([span(4, T)]) },
        { sequence: 3, type: 'log_spans', experiment_id: '', experiment_name: 'named-new', packed: packSpans([span(5, T)]) },
        { sequence: 4, type: 'log_spans', experiment_id: '', experiment_name: 'named-deleted', packed: packSpans([span(6, T)]) },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((result: { error?: { error_code: string } }) => result.error?.error_code)).toEqual([undefined, undefined, undefined, 'INVALID_PARAMETER_VALUE']);
    expect(answer.body.results[3].error.message).toContain("'named-deleted'");
    const created = await server.store.getExperimentByName({ name: 'named-new' });
    expect(created?.lifecycleStage).toBe('active');
    const traceIdsOf = async (experimentId: string) => (await server.store.searchTraces({ experimentIds: [experimentId] })).traces.map((trace) => trace.traceId).sort();
    expect(await traceIdsOf(created!.experimentId)).toEqual([span(3, T).traceId, span(5, T).traceId]);
    expect(await traceIdsOf(existing)).toEqual([span(4, T).traceId]);
    expect(await traceIdsOf(deleted)).toEqual([]);
  });
});

describe("Assay's writes route with auth: EDIT on each write's experiment", () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'writes-auth');

  it('answers 401 without credentials; refuses each write the user may not make, and makes the others', async () => {
    expect((await server.post(PATH, { writer: 'w', writes: [] })).status).toBe(401);
    const mine = generateRunId();
    const writes = (sequence: number) => [
      { sequence, type: 'create_run', experiment_id: shared.experimentId, run_id: mine },
      { sequence: sequence + 1, type: 'log_batch', run_id: mine, params: [{ key: 'p', value: '1' }] },
      { sequence: sequence + 2, type: 'log_batch', run_id: shared.runId, tags: [{ key: 'touched', value: 'yes' }] },
    ];
    const byReader = await server.post(PATH, { writer: 'reader-w', writes: writes(1) }, as('reader'));
    expect(byReader.body.results.map((result: { error?: { error_code: string } }) => result.error?.error_code)).toEqual([
      'PERMISSION_DENIED',
      // Its run was never created.
      'RESOURCE_DOES_NOT_EXIST',
      'PERMISSION_DENIED',
    ]);
    const byEditor = await server.post(PATH, { writer: 'editor-w', writes: writes(1) }, as('editor'));
    expect(byEditor.body.results.map((result: { error?: unknown }) => result.error)).toEqual([undefined, undefined, undefined]);
    expect((await server.store.getRun({ runId: mine })).data.params).toEqual({ p: '1' });

    // A run id that exists elsewhere is that run's experiment's, even when the request "creates" it first.
    const hidden = await server.store.createExperiment({ name: 'writes-auth-hidden' });
    const theirs = await server.store.createRun({ experimentId: hidden });
    const hijack = await server.post(
      PATH,
      {
        writer: 'editor-w2',
        writes: [
          { sequence: 1, type: 'create_run', experiment_id: shared.experimentId, run_id: theirs.info.runId },
          { sequence: 2, type: 'log_batch', run_id: theirs.info.runId, tags: [{ key: 'hijacked', value: 'yes' }] },
        ],
      },
      as('editor'),
    );
    expect(hijack.body.results[1].error).toEqual(denied.body);
    expect((await server.store.getRun({ runId: theirs.info.runId })).data.tags.hijacked).toBeUndefined();
    const operation = (await server.get('/api/assay/v1/openapi.json', as('reader'))).body.paths[PATH].post;
    expect(operation.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/AssayWrites');
  });
});
