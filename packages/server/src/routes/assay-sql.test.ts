import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

const SQL = '/api/assay/v1/sql';

describe("Assay's SQL route", () => {
  const server = useTestServer();

  it("answers read-only queries over the store's tables", async () => {
    await server.store.createRun({ experimentId: '0', runName: 'counted' });
    expect(await server.post(SQL, { query: 'SELECT run_name, 2 AS two FROM runs' })).toEqual({
      status: 200,
      body: { columns: [{ name: 'run_name', type: 'VARCHAR' }, { name: 'two', type: 'INTEGER' }], rows: [['counted', 2]] },
    });
  });

  it.each([
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM '/etc/passwd.csv'",
    "SELECT * FROM glob('/*')",
  ])('refuses file access with a 400: %s', async (query) => {
    const answer = await server.post(SQL, { query });
    expect(answer).toEqual({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining("reads outside the store's tables") } });
    expect(answer.body.message).not.toContain('root:');
  });

  it('refuses writes, several statements and malformed SQL with a 400', async () => {
    for (const query of ['DELETE FROM runs', 'SELECT 1; SELECT 2', 'SELEC 1', "COPY runs TO '/tmp/assay-sql-route.csv'"]) {
      expect((await server.post(SQL, { query })).status, query).toBe(400);
    }
    expect((await server.post(SQL, {})).body.message).toContain("'query'");
    expect((await server.post(SQL, { query: '' })).status).toBe(400);
  });

  it('is documented as admin-only in the OpenAPI document', async () => {
    const operation = (await server.get('/api/assay/v1/openapi.json')).body.paths['/api/assay/v1/sql'].post;
    expect(operation['x-assay-access']).toBe('Admins only.');
  });
});

describe("Assay's SQL route with auth: admins only", () => {
  const { server } = useServerWithUsers({ auth: {} }, 'sql-auth');

  it('answers 401 without credentials and 403 to every other user, even one who manages the experiment; admins query', async () => {
    const query = { query: 'SELECT count(*) AS n FROM runs' };
    expect((await server.post(SQL, query)).status).toBe(401);
    for (const username of ['reader', 'editor', 'manager', 'outsider']) {
      expect(await server.post(SQL, query, as(username)), username).toEqual({ status: 403, body: { error_code: 'PERMISSION_DENIED', message: 'Permission denied: only admins may do this.' } });
    }
    expect(await server.post(SQL, query, as('admin'))).toEqual({ status: 200, body: { columns: [{ name: 'n', type: 'BIGINT' }], rows: [[1]] } });
    // Admins too are kept off the server's files.
    expect((await server.post(SQL, { query: "SELECT * FROM read_csv('/etc/passwd')" }, as('admin'))).status).toBe(400);
  });
});
