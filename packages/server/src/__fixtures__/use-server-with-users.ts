import { beforeAll, expect } from 'vitest';
import { basicAuth, useTestServer, type TestServer, type TestServerOptions } from './create-test-server.js';

const API = '/api/2.0/mlflow';

/** The password of every user addUsers creates. */
export const PASSWORD = 'correct horse battery';

/** Basic credentials of a user addUsers created. */
export const as = (username: string) => basicAuth(username, PASSWORD);

/** A 403 PERMISSION_DENIED answer, whatever its message. */
export const denied = { status: 403, body: { error_code: 'PERMISSION_DENIED', message: expect.stringMatching(/^Permission denied: /) } };

/** Users admin, reader (the default permission), editor (EDIT), manager (MANAGE) and outsider (NO_PERMISSIONS on the shared experiment). */
export async function addUsers(server: TestServer): Promise<void> {
  await server.users.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
  for (const username of ['reader', 'editor', 'manager', 'outsider']) await server.users.createUser({ username, password: PASSWORD });
}

/** An experiment made by the admin, with one run, on which editor, manager and outsider hold EDIT, MANAGE and NO_PERMISSIONS. */
export async function createSharedExperiment(server: TestServer, name: string): Promise<{ experimentId: string; runId: string }> {
  const experimentId = (await server.post(`${API}/experiments/create`, { name }, as('admin'))).body.experiment_id as string;
  const runId = (await server.post(`${API}/runs/create`, { experiment_id: experimentId, run_name: 'first' }, as('admin'))).body.run.info.run_id as string;
  for (const [username, permission] of [['editor', 'EDIT'], ['manager', 'MANAGE'], ['outsider', 'NO_PERMISSIONS']]) {
    expect((await server.post(`${API}/experiments/permissions/create`, { experiment_id: experimentId, username, permission }, as('admin'))).status).toBe(200);
  }
  return { experimentId, runId };
}

/** A server with auth whose users (addUsers) hold their permissions on one experiment (createSharedExperiment), filled in before the tests. */
export function useServerWithUsers(options: TestServerOptions, experimentName: string): { server: TestServer; shared: { experimentId: string; runId: string } } {
  const server = useTestServer(options);
  const shared = { experimentId: '', runId: '' };
  beforeAll(async () => {
    await addUsers(server);
    Object.assign(shared, await createSharedExperiment(server, experimentName));
  });
  return { server, shared };
}
