import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../__fixtures__/create-test-server.js';
import { as, denied, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

const API = '/api/2.0/mlflow';
const V3 = '/api/3.0/mlflow/traces';
const V2 = `${API}/traces`;
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';
const SPANS = '/api/assay/v1/traces';

const traceDataPath = (experimentId: string, traceId: string) => `${ARTIFACTS}/${experimentId}/traces/${traceId}/artifacts/traces.json`;
let traceCount = 0;
const newTraceId = () => `tr-${(0xacce55000 + (traceCount += 1)).toString(16).padStart(32, '0')}`;
const ROOT_SPAN = '0000000000000001';

/** StartTraceV3's body as MLflow's TypeScript client sends it. */
function startBody(experimentId: string, traceId: string) {
  return {
    trace: {
      trace_info: {
        trace_id: traceId,
        trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
        request_time: '2026-01-02T03:04:05.000Z',
        execution_duration: '1.5s',
        state: 'OK',
        trace_metadata: {},
        tags: {},
      },
    },
  };
}

/** traces.json of a one-span trace. */
const ONE_SPAN = JSON.stringify({
  spans: [
    {
      trace_id: 'x',
      span_id: Buffer.from(ROOT_SPAN, 'hex').toString('base64'),
      parent_span_id: '',
      name: 'root',
      start_time_unix_nano: 1_700_000_000_000_000_000,
      end_time_unix_nano: 1_700_000_000_005_000_000,
      status: { code: 'STATUS_CODE_OK', message: '' },
      attributes: { 'mlflow.spanType': 'CHAIN' },
      events: [],
    },
  ],
});

/** Logs a one-span trace as MLflow's TypeScript client does (its info, then traces.json), as `username`; returns its id. */
async function logTrace(server: TestServer, experimentId: string, username = 'admin'): Promise<string> {
  const traceId = newTraceId();
  expect((await server.post(V3, startBody(experimentId, traceId), as(username))).status).toBe(200);
  expect((await server.send('PUT', traceDataPath(experimentId, traceId), ONE_SPAN, as(username))).status).toBe(200);
  return traceId;
}

/** Logs a feedback on a trace as the admin; returns its id. */
async function logFeedback(server: TestServer, traceId: string): Promise<string> {
  const created = await server.post(`${V3}/${traceId}/assessments`, { assessment: { assessment_name: 'ok', source: { source_type: 'HUMAN', source_id: 'ana' }, feedback: { value: true } } }, as('admin'));
  expect(created.status).toBe(200);
  return created.body.assessment.assessment_id as string;
}

const tagsOf = async (server: TestServer, traceId: string) => (await server.get(`${V3}/${traceId}`, as('admin'))).body.trace.trace_info.tags as Record<string, string>;

describe('auth: the trace routes follow their experiment (MLflow 3 and 2, assessments, traces.json, span queries)', () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'traced');
  // reader: READ (the default); editor: EDIT; manager: MANAGE; outsider: NO_PERMISSIONS; admin.
  let experimentId: string;
  let runId: string;
  let traceId: string;
  let assessmentId: string;
  beforeAll(async () => {
    ({ experimentId, runId } = shared);
    traceId = await logTrace(server, experimentId);
    assessmentId = await logFeedback(server, traceId);
  });

  /** Every read of a stored trace, by `username`: the statuses. */
  async function reads(username: string): Promise<number[]> {
    const headers = as(username);
    return [
      (await server.get(`${V3}/${traceId}`, headers)).status,
      (await server.get(`${V2}/${traceId}/info`, headers)).status,
      (await server.post(`${V3}/search`, { locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } }] }, headers)).status,
      (await server.post(`${V3}/search`, { experiment_ids: [experimentId] }, headers)).status,
      (await server.get(`${V2}?experiment_ids=${experimentId}`, headers)).status,
      (await server.get(traceDataPath(experimentId, traceId), headers)).status,
      (await server.get(`${V3}/${traceId}/assessments/${assessmentId}`, headers)).status,
      (await server.get(`${SPANS}/${traceId}/spans`, headers)).status,
      (await server.get(`${SPANS}/${traceId}/spans/${ROOT_SPAN}`, headers)).status,
    ];
  }

  it('answers 401 without credentials on every trace route', async () => {
    const requests: [string, string, unknown?][] = [
      ['POST', V3, startBody(experimentId, newTraceId())],
      ['GET', `${V3}/${traceId}`],
      ['POST', `${V3}/search`, { experiment_ids: [experimentId] }],
      ['POST', `${V3}/delete-traces`, { experiment_id: experimentId, request_ids: [traceId] }],
      ['PATCH', `${V3}/${traceId}/tags`, { key: 'k', value: 'v' }],
      ['DELETE', `${V3}/${traceId}/tags`, { key: 'k' }],
      ['POST', `${V2}/link-to-run`, { trace_ids: [traceId], run_id: runId }],
      ['POST', V2, { experiment_id: experimentId }],
      ['PATCH', `${V2}/${traceId}`, { status: 'OK' }],
      ['GET', `${V2}/${traceId}/info`],
      ['GET', `${V2}?experiment_ids=${experimentId}`],
      ['POST', `${V2}/delete-traces`, { experiment_id: experimentId, request_ids: [traceId] }],
      ['PATCH', `${V2}/${traceId}/tags`, { key: 'k', value: 'v' }],
      ['DELETE', `${V2}/${traceId}/tags`, { key: 'k' }],
      ['PUT', traceDataPath(experimentId, traceId), ONE_SPAN],
      ['GET', traceDataPath(experimentId, traceId)],
      ['POST', `${V3}/${traceId}/assessments`, { assessment: { assessment_name: 'x', feedback: { value: 1 } } }],
      ['GET', `${V3}/${traceId}/assessments/${assessmentId}`],
      ['PATCH', `${V3}/${traceId}/assessments/${assessmentId}`, { assessment: { rationale: 'r' } }],
      ['DELETE', `${V3}/${traceId}/assessments/${assessmentId}`],
      ['GET', `${SPANS}/${traceId}/spans`],
      ['GET', `${SPANS}/${traceId}/spans/${ROOT_SPAN}`],
    ];
    for (const [method, path, body] of requests) {
      const response = await server.send(method, path, body);
      expect([response.status, response.body.error_code], `${method} ${path}`).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect(await tagsOf(server, traceId)).not.toHaveProperty('k');
  });

  it('READ: reads the trace every way (info, searches, traces.json, assessments, span tree), writes nothing', async () => {
    expect(await reads('reader')).toEqual(Array(9).fill(200));
    const headers = as('reader');
    const writes: [string, string, unknown?][] = [
      ['POST', V3, startBody(experimentId, newTraceId())],
      ['POST', V2, { experiment_id: experimentId }],
      ['PATCH', `${V3}/${traceId}/tags`, { key: 'k', value: 'v' }],
      ['DELETE', `${V3}/${traceId}/tags`, { key: 'k' }],
      ['PATCH', `${V2}/${traceId}/tags`, { key: 'k', value: 'v' }],
      ['DELETE', `${V2}/${traceId}/tags?key=k`],
      ['PATCH', `${V2}/${traceId}`, { status: 'OK' }],
      ['PUT', traceDataPath(experimentId, traceId), ONE_SPAN],
      ['POST', `${V3}/${traceId}/assessments`, { assessment: { assessment_name: 'x', feedback: { value: 1 } } }],
      ['PATCH', `${V3}/${traceId}/assessments/${assessmentId}`, { assessment: { rationale: 'r' } }],
      ['DELETE', `${V3}/${traceId}/assessments/${assessmentId}`],
      ['POST', `${V2}/link-to-run`, { trace_ids: [traceId], run_id: runId }],
      ['POST', `${V3}/delete-traces`, { experiment_id: experimentId, request_ids: [traceId] }],
      ['POST', `${V2}/delete-traces`, { experiment_id: experimentId, request_ids: [traceId] }],
    ];
    for (const [method, path, body] of writes) expect(await server.send(method, path, body, headers), `${method} ${path}`).toEqual(denied);
    expect((await server.post(V3, startBody(experimentId, newTraceId()), headers)).body.message).toBe(
      `Permission denied: this needs EDIT on experiment '${experimentId}'; user 'reader' has READ.`,
    );
    expect((await server.get(`${V3}/${traceId}/assessments/${assessmentId}`, as('admin'))).status).toBe(200);
  });

  it('NO_PERMISSIONS: the trace is out of reach every way', async () => {
    expect(await reads('outsider')).toEqual(Array(9).fill(403));
    // A search naming the experiment among others is refused, as runs/search.
    expect(await server.post(`${V3}/search`, { experiment_ids: ['0', experimentId] }, as('outsider'))).toEqual(denied);
  });

  it('EDIT: starts and ends traces, uploads traces.json, tags, assesses and links them; cannot delete them', async () => {
    const headers = as('editor');
    const ownTrace = await logTrace(server, experimentId, 'editor');
    expect(await server.send('PATCH', `${V3}/${ownTrace}/tags`, { key: 'reviewed', value: 'yes' }, headers)).toEqual({ status: 200, body: {} });
    expect((await server.send('PATCH', `${V2}/${ownTrace}/tags`, { key: 'legacy', value: '1' }, headers)).status).toBe(200);
    expect((await server.send('DELETE', `${V2}/${ownTrace}/tags?key=legacy`, undefined, headers)).status).toBe(200);
    expect(await tagsOf(server, ownTrace)).toMatchObject({ reviewed: 'yes' });

    const created = await server.post(`${V3}/${ownTrace}/assessments`, { assessment: { assessment_name: 'helpful', source: { source_type: 'HUMAN', source_id: 'ed' }, feedback: { value: 1 } } }, headers);
    expect(created.status).toBe(200);
    const id = created.body.assessment.assessment_id as string;
    expect((await server.send('PATCH', `${V3}/${ownTrace}/assessments/${id}`, { assessment: { rationale: 'clear' }, update_mask: 'rationale' }, headers)).status).toBe(200);
    expect((await server.send('DELETE', `${V3}/${ownTrace}/assessments/${id}`, undefined, headers)).status).toBe(200);

    expect(await server.post(`${V2}/link-to-run`, { trace_ids: [ownTrace], run_id: runId }, headers)).toEqual({ status: 200, body: {} });
    expect((await server.get(`${V3}/${ownTrace}`, headers)).body.trace.trace_info.trace_metadata['mlflow.sourceRun']).toBe(runId);

    // MLflow 2: the server names the trace; ending it and its traces.json follow.
    const started = await server.post(V2, { experiment_id: experimentId, timestamp_ms: 1_700_000_000_000 }, headers);
    expect(started.status).toBe(200);
    const requestId = started.body.trace_info.request_id as string;
    expect((await server.send('PATCH', `${V2}/${requestId}`, { timestamp_ms: 1_700_000_001_000, status: 'OK' }, headers)).status).toBe(200);
    expect((await server.send('PUT', traceDataPath(experimentId, requestId), ONE_SPAN, headers)).status).toBe(200);

    expect(await server.post(`${V3}/delete-traces`, { experiment_id: experimentId, request_ids: [ownTrace] }, headers)).toEqual(denied);
    expect(await server.post(`${V2}/delete-traces`, { experiment_id: experimentId, max_timestamp_millis: Date.now() }, headers)).toEqual(denied);
    expect((await server.get(`${V3}/${ownTrace}`, headers)).status).toBe(200);
  });

  it("MANAGE: also deletes traces (MLflow's can_delete), by ids or by time", async () => {
    const doomed = await logTrace(server, experimentId);
    expect(await server.post(`${V3}/delete-traces`, { experiment_id: experimentId, request_ids: [doomed] }, as('manager'))).toEqual({ status: 200, body: { traces_deleted: 1 } });
    expect((await server.get(`${V3}/${doomed}`, as('admin'))).status).toBe(404);
    const legacy = await logTrace(server, experimentId);
    expect(await server.post(`${V2}/delete-traces`, { experiment_id: experimentId, request_ids: [legacy] }, as('manager'))).toEqual({ status: 200, body: { traces_deleted: 1 } });
  });

  it('a trace whose info came before its spans already takes its experiment’s permission', async () => {
    // MLflow 2: start, then end, before traces.json.
    const started = await server.post(V2, { experiment_id: experimentId }, as('editor'));
    const requestId = started.body.trace_info.request_id as string;
    expect(await server.send('PATCH', `${V2}/${requestId}`, { status: 'OK' }, as('reader'))).toEqual(denied);
    expect((await server.get(`${V2}/${requestId}/info`, as('outsider'))).status).toBe(403);
    expect((await server.get(`${V2}/${requestId}/info`, as('reader'))).status).toBe(200);
    expect((await server.send('PATCH', `${V2}/${requestId}`, { status: 'OK' }, as('editor'))).status).toBe(200);

    // MLflow 3: the info, then tags, before traces.json.
    const waiting = newTraceId();
    expect((await server.post(V3, startBody(experimentId, waiting), as('editor'))).status).toBe(200);
    expect(await server.send('PATCH', `${V3}/${waiting}/tags`, { key: 'early', value: '1' }, as('reader'))).toEqual(denied);
    expect((await server.send('PATCH', `${V3}/${waiting}/tags`, { key: 'early', value: '1' }, as('editor'))).status).toBe(200);
    expect((await server.get(`${V3}/${waiting}`, as('outsider'))).status).toBe(403);
    // An unknown trace is a 404 for anyone signed in (it names no experiment to refuse).
    expect((await server.get(`${V3}/${newTraceId()}`, as('reader'))).status).toBe(404);
  });

  it('a trace stays in its experiment: an info or traces.json naming another one is refused, so one experiment’s EDIT reaches no other’s traces', async () => {
    // The editor's own experiment (its creator gets MANAGE) beside one where the editor only has the default READ.
    const own = (await server.post(`${API}/experiments/create`, { name: 'editors-own' }, as('editor'))).body.experiment_id as string;
    const foreign = (await server.post(`${API}/experiments/create`, { name: 'foreign' }, as('admin'))).body.experiment_id as string;
    const stored = await logTrace(server, foreign);
    const waiting = newTraceId();
    expect((await server.post(V3, startBody(foreign, waiting), as('admin'))).status).toBe(200);

    for (const target of [stored, waiting]) {
      const restarted = await server.post(V3, { trace: { trace_info: { ...startBody(own, target).trace.trace_info, tags: { hijacked: 'yes' } } } }, as('editor'));
      expect(restarted.status, target).toBe(400);
      expect(restarted.body.message).toBe(`Trace '${target}' belongs to experiment '${foreign}', not '${own}'; a trace cannot be written to another experiment.`);
      expect((await server.send('PUT', traceDataPath(own, target), ONE_SPAN, as('editor'))).status, target).toBe(400);
      // Through its own experiment's path, EDIT there is needed.
      expect(await server.send('PUT', traceDataPath(foreign, target), ONE_SPAN, as('editor'))).toEqual(denied);
    }
    expect(await tagsOf(server, stored)).not.toHaveProperty('hijacked');
    expect((await server.get(traceDataPath(own, stored), as('editor'))).status).toBe(404);

    // link-to-run writes the run onto each trace: EDIT on the run's experiment and on every trace's.
    const ownRun = (await server.post(`${API}/runs/create`, { experiment_id: own }, as('editor'))).body.run.info.run_id as string;
    expect(await server.post(`${V2}/link-to-run`, { trace_ids: [stored], run_id: ownRun }, as('editor'))).toEqual(denied);
    const foreignRun = (await server.post(`${API}/runs/create`, { experiment_id: foreign }, as('admin'))).body.run.info.run_id as string;
    const ownTrace = await logTrace(server, own, 'editor');
    expect(await server.post(`${V2}/link-to-run`, { trace_ids: [ownTrace], run_id: foreignRun }, as('editor'))).toEqual(denied);
    expect((await server.post(`${V2}/link-to-run`, { trace_ids: [ownTrace], run_id: ownRun }, as('editor'))).status).toBe(200);
  });

  it('documents who may call each trace route', async () => {
    const paths = (await server.get('/api/assay/v1/openapi.json', as('reader'))).body.paths;
    const access = (path: string, method: string) => paths[path][method]['x-assay-access'] as string;
    expect(access(V3, 'post')).toBe('EDIT on the experiment (or an admin).');
    expect(access(`${V3}/{trace_id}`, 'get')).toBe("READ on the trace's experiment (or an admin).");
    expect(access(`${V2}/{request_id}/tags`, 'delete')).toBe("EDIT on the trace's experiment (or an admin).");
    expect(access(`${V3}/delete-traces`, 'post')).toBe('MANAGE on the experiment (or an admin).');
    expect(access(`${V2}/link-to-run`, 'post')).toBe("EDIT on the run's experiment, and EDIT on the trace's experiment (or an admin).");
    expect(access(`${ARTIFACTS}/{experiment_id}/traces/{trace_id}/artifacts/traces.json`, 'put')).toBe('EDIT on the experiment (or an admin).');
    expect(access(`${V3}/{trace_id}/assessments/{assessment_id}`, 'patch')).toBe("EDIT on the trace's experiment (or an admin).");
    expect(access(`${SPANS}/{trace_id}/spans/{span_id}`, 'get')).toBe("READ on the trace's experiment (or an admin).");
  });

  it('admins reach every trace whatever is granted to them', async () => {
    await server.users.setExperimentPermission({ username: 'admin', experimentId, permission: 'NO_PERMISSIONS', mode: 'upsert' });
    expect(await reads('admin')).toEqual(Array(9).fill(200));
  });
});

describe('auth: trace routes with the default permission NO_PERMISSIONS', () => {
  const { server, shared } = useServerWithUsers({ auth: { defaultPermission: 'NO_PERMISSIONS' } }, 'private-traces');

  it('only a grant opens a trace; searches naming an experiment without one are refused', async () => {
    const traceId = await logTrace(server, shared.experimentId);
    expect((await server.get(`${V3}/${traceId}`, as('reader'))).status).toBe(403);
    expect(await server.get(`${V2}?experiment_ids=${shared.experimentId}`, as('reader'))).toEqual(denied);
    expect((await server.get(`${SPANS}/${traceId}/spans`, as('editor'))).status).toBe(200);
    expect((await server.post(`${V3}/search`, { experiment_ids: [shared.experimentId] }, as('editor'))).body.traces).toHaveLength(1);
  });
});
