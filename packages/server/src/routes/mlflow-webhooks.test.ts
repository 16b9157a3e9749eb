import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalStore } from '@assay/store';
import { startReceiver, type WebhookReceiver } from '../__fixtures__/webhook-receiver.js';
import { as, denied, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';
import { createAssayServer } from '../create-assay-server.js';
import { verifyWebhookSignature } from '../webhooks/sign-webhook.js';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';

const API = '/api/2.0/mlflow';
const SECRET = 'a-secret-of-some-length';

describe('webhooks over MLflow\'s REST routes, delivered by the server', () => {
  let root: string;
  let store: LocalStore;
  let dispatcher: WebhookDispatcher;
  let receiver: WebhookReceiver;
  let app: ReturnType<typeof createAssayServer>;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads JSON
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-webhooks-'));
    store = await LocalStore.open({ root });
    dispatcher = new WebhookDispatcher({ store, timeoutMs: 500, retryDelaysMs: [50] });
    receiver = await startReceiver();
    app = createAssayServer({ store, webhookDispatcher: dispatcher, log: () => undefined });
  });
  afterAll(async () => {
    await receiver.close();
    await dispatcher.stop();
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('registers a webhook, delivers the registry changes it subscribes to, tests it, and lists its deliveries', async () => {
    const created = await call('POST', `${API}/webhooks`, {
      name: 'ci',
      url: receiver.url,
      events: [{ entity: 'model_version', action: 'created' }, 'model_version_alias.created'],
      secret: SECRET,
    });
    expect(created.status).toBe(200);
    const webhook = created.body.webhook;
    expect(webhook).toMatchObject({
      name: 'ci',
      url: receiver.url,
      status: 'ACTIVE',
      signed: true,
      events: [
        { entity: 'model_version', action: 'created' },
        { entity: 'model_version_alias', action: 'created' },
      ],
    });
    expect(webhook.secret).toBeUndefined();
    expect((await call('GET', `${API}/webhooks`)).body.webhooks.map((each: { webhook_id: string }) => each.webhook_id)).toEqual([webhook.webhook_id]);

    expect((await call('POST', `${API}/registered-models/create`, { name: 'chat' })).status).toBe(200);
    expect((await call('POST', `${API}/model-versions/create`, { name: 'chat', source: 'file:///m/1' })).status).toBe(200);
    expect((await call('POST', `${API}/registered-models/alias`, { name: 'chat', alias: 'champion', version: '1' })).status).toBe(200);
    // Delivered in the background once the calls have answered.
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2), { timeout: 10_000 });
    const events = receiver.received.map((each) => JSON.parse(each.body).event as string).sort();
    expect(events).toEqual(['model_version.created', 'model_version_alias.created']);
    for (const each of receiver.received) expect(verifyWebhookSignature({ secret: SECRET, headers: each.headers, body: each.body })).toBe(true);

    receiver.answers.push('fail');
    expect((await call('POST', `${API}/webhooks/${webhook.webhook_id}/test`)).body).toEqual({ result: { success: false, response_status: 500, response_body: 'boom', error_message: 'the receiver answered 500' } });
    expect((await call('POST', `${API}/webhooks/${webhook.webhook_id}/test`)).body.result).toMatchObject({ success: true, response_status: 204 });

    const deliveries = (await call('GET', `/api/assay/v1/webhooks/${webhook.webhook_id}/deliveries`)).body.deliveries;
    expect(deliveries.map((each: { event: string; status: string }) => [each.event, each.status])).toEqual([
      ['test', 'DELIVERED'],
      ['test', 'FAILED'],
      ['model_version_alias.created', 'DELIVERED'],
      ['model_version.created', 'DELIVERED'],
    ]);

    // Disabled: no more deliveries; deleted: gone.
    const disabled = await call('PATCH', `${API}/webhooks/${webhook.webhook_id}`, { status: 'DISABLED' });
    expect(disabled.body.webhook.status).toBe('DISABLED');
    await call('POST', `${API}/model-versions/create`, { name: 'chat', source: 'file:///m/2' });
    expect((await call('GET', `/api/assay/v1/webhooks/${webhook.webhook_id}/deliveries`)).body.deliveries).toHaveLength(4);
    expect((await call('DELETE', `${API}/webhooks/${webhook.webhook_id}`)).status).toBe(200);
    expect((await call('GET', `${API}/webhooks/${webhook.webhook_id}`)).status).toBe(404);
  });

  it('refuses bad webhooks with what to fix', async () => {
    const bad = async (body: unknown) => (await call('POST', `${API}/webhooks`, body)).body.message as string;
    expect(await bad({ name: 'x', url: 'ftp://example.com/hook', events: ['model_version.created'] })).toContain('must use http:// or https://');
    expect(await bad({ name: 'x', url: receiver.url, events: ['model.exploded'] })).toContain("Unknown webhook event 'model.exploded'; the events are registered_model.created");
    expect(await bad({ name: 'x', url: receiver.url, events: [] })).toContain('non-empty list of events');
    expect(await bad({ name: 'x', url: receiver.url, events: ['model_version.created'], secret: 'short' })).toContain('secret must be a string of 16 to 256 characters');
    expect((await call('GET', `${API}/webhooks/abc`)).status).toBe(400);
  });
});

describe('webhook routes with auth', () => {
  const { server } = useServerWithUsers({ auth: {} }, 'webhooks-auth');

  it('are for admins only: they make the server send requests to any URL', async () => {
    const body = { name: 'x', url: 'http://127.0.0.1:9/hook', events: ['model_version.created'] };
    expect(await server.post(`${API}/webhooks`, body, as('manager'))).toMatchObject(denied);
    expect(await server.get(`${API}/webhooks`, as('editor'))).toMatchObject(denied);
    const created = await server.post(`${API}/webhooks`, body, as('admin'));
    expect(created.status).toBe(200);
    expect(await server.send('DELETE', `${API}/webhooks/${created.body.webhook.webhook_id}`, undefined, as('manager'))).toMatchObject(denied);
    expect(await server.send('POST', `${API}/webhooks/${created.body.webhook.webhook_id}/test`, undefined, as('reader'))).toMatchObject(denied);
  });
});
