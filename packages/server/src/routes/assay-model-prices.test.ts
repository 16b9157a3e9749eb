import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

const PATH = '/api/assay/v1/model-prices';

describe("Assay's model price routes", () => {
  const server = useTestServer();

  it("list the store's prices first, set and delete them", async () => {
    expect((await server.get(PATH)).body.prices).toContainEqual({ model: 'gpt-4o', input_per_million_tokens: 2.5, output_per_million_tokens: 10, origin: 'built-in' });
    expect((await server.post(PATH, { prices: [{ model: 'My-Model', input_per_million_tokens: 1, output_per_million_tokens: 2 }] })).status).toBe(200);
    expect((await server.get(PATH)).body.prices[0]).toEqual({ model: 'my-model', input_per_million_tokens: 1, output_per_million_tokens: 2, origin: 'store' });
    expect((await server.post(`${PATH}/delete`, { models: ['MY-MODEL'] })).status).toBe(200);
    expect((await server.get(PATH)).body.prices.filter((price: { origin: string }) => price.origin === 'store')).toEqual([]);
    const bad = await server.post(PATH, { prices: [{ model: 'x', input_per_million_tokens: -1, output_per_million_tokens: 1 }] });
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('prices[0].inputPerMillionTokens')]);
  });
});

describe("Assay's model price routes with auth", () => {
  const { server } = useServerWithUsers({ auth: {} }, 'prices-auth');

  it('any signed-in user reads them; only admins change them', async () => {
    expect((await server.get(PATH)).status).toBe(401);
    expect((await server.get(PATH, as('reader'))).status).toBe(200);
    const body = { prices: [{ model: 'mine', input_per_million_tokens: 1, output_per_million_tokens: 1 }] };
    expect((await server.post(PATH, body, as('editor'))).status).toBe(403);
    expect((await server.post(`${PATH}/delete`, { models: ['mine'] }, as('editor'))).status).toBe(403);
    expect((await server.post(PATH, body, as('admin'))).status).toBe(200);
  });
});
