import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebhookDelivery } from '@assay/core';
import { DuckDbStore } from '@assay/store';
import { startReceiver, type Received } from '../__fixtures__/webhook-receiver.js';
import { verifyWebhookSignature } from './sign-webhook.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

const SECRET = 'a-secret-of-some-length';

describe('webhook deliveries to a real receiver', () => {
  let store: DuckDbStore;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dispatcher: WebhookDispatcher;
  const log = vi.fn();

  beforeEach(async () => {
    store = await DuckDbStore.open({ path: ':memory:' });
    receiver = await startReceiver();
    dispatcher = new WebhookDispatcher({ store, timeoutMs: 300, retryDelaysMs: [50, 50], log });
    await store.createRegisteredModel({ name: 'chat' });
  });
  afterEach(async () => {
    await receiver.close();
    await dispatcher.stop();
    await store.close();
  });

  async function deliveries(webhookId: string): Promise<WebhookDelivery[]> {
    return (await store.listWebhookDeliveries({ webhookId })).items;
  }

  it('delivers subscribed events as signed JSON, once each, and nothing for others', async () => {
    const webhook = await store.createWebhook({ name: 'ci', url: receiver.url, events: ['model_version.created', 'model_version_alias.created'], secret: SECRET });
    const disabled = await store.createWebhook({ name: 'off', url: receiver.url, events: ['model_version.created'], status: 'DISABLED' });
    await store.createModelVersion({ name: 'chat', source: 'file:///1', actor: 'ana', comment: 'first' });
    await store.setModelVersionTag({ name: 'chat', version: 1, key: 'k', value: 'v' }); // not subscribed
    await expect(store.createModelVersion({ name: 'chat', source: 'file:///x', runId: 'f'.repeat(32) })).rejects.toThrow('not found'); // rolled back: no delivery
    dispatcher.kick();
    await vi.waitFor(async () => expect((await deliveries(webhook.id)).map((each) => each.status)).toEqual(['DELIVERED']), { timeout: 10_000 });

    expect(receiver.received).toHaveLength(1);
    const [{ headers, body }] = receiver.received as [Received];
    expect(JSON.parse(body)).toMatchObject({ event: 'model_version.created', data: { name: 'chat', version: '1', actor: 'ana', comment: 'first', after: { source: 'file:///1' } } });
    expect(headers['x-assay-event']).toBe('model_version.created');
    expect(headers['content-type']).toBe('application/json');
    expect(verifyWebhookSignature({ secret: SECRET, headers, body })).toBe(true);
    expect(verifyWebhookSignature({ secret: 'another-secret-entirely', headers, body })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, headers, body: body.replace('chat', 'chad') })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, headers, body, now: Date.now() + 3_600_000 })).toBe(false);
    const [delivery] = (await deliveries(webhook.id)) as [WebhookDelivery];
    expect(delivery).toMatchObject({ event: 'model_version.created', attempts: 1, lastStatusCode: 204 });
    expect(headers['x-assay-delivery-id']).toBe(delivery.id);
    expect(await deliveries(disabled.id)).toEqual([]);
  });

  it('retries after a 500 and records each attempt', async () => {
    const webhook = await store.createWebhook({ name: 'ci', url: receiver.url, events: ['model_version_alias.created'] });
    await store.createModelVersion({ name: 'chat', source: 'file:///1' });
    receiver.answers.push('fail');
    await store.setRegisteredModelAlias({ name: 'chat', alias: 'champion', version: 1 });
    dispatcher.kick();
    await vi.waitFor(async () => expect((await deliveries(webhook.id))[0]?.status).toBe('DELIVERED'), { timeout: 10_000 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers['x-assay-delivery-id']).toBe(receiver.received[1]!.headers['x-assay-delivery-id']);
    expect(receiver.received[1]!.headers['x-assay-signature']).toBeUndefined(); // no secret, no signature
    expect((await deliveries(webhook.id))[0]).toMatchObject({ attempts: 2, lastStatusCode: 204 });
  });

  it('a hanging receiver times out without holding up the registry call, and fails after its last attempt', async () => {
    const webhook = await store.createWebhook({ name: 'slow', url: receiver.url, events: ['model_version.stage_transitioned'] });
    await store.createModelVersion({ name: 'chat', source: 'file:///1' });
    receiver.answers.push('hang', 'hang', 'fail');
    await store.transitionModelVersionStage({ name: 'chat', version: 1, stage: 'Staging' });
    dispatcher.kick();
    await vi.waitFor(() => expect(receiver.hanging).toHaveLength(1), { timeout: 10_000 });
    // The receiver holds the first attempt open; registry calls go on meanwhile.
    await store.setModelVersionTag({ name: 'chat', version: 1, key: 'reviewed', value: 'yes' });
    expect((await store.getModelVersion({ name: 'chat', version: 1 })).tags).toEqual({ reviewed: 'yes' });
    expect((await deliveries(webhook.id)).map((each) => [each.status, each.attempts])).toEqual([['PENDING', 0]]);
    // It times out, is tried again (it hangs again), then gets a 500 on its third and last attempt.
    await vi.waitFor(async () => expect((await deliveries(webhook.id)).map((each) => each.status)).toEqual(['FAILED']), { timeout: 10_000 });
    expect((await deliveries(webhook.id))[0]).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'the receiver answered 500' });
    expect(receiver.received).toHaveLength(3);
    expect(log).not.toHaveBeenCalled();
  });

  it('a test delivery is sent once, at once, and answers what the receiver said', async () => {
    const webhook = await store.createWebhook({ name: 'ci', url: receiver.url, events: ['model_version.created'], secret: SECRET });
    receiver.answers.push('fail');
    expect(await dispatcher.sendTest(webhook.id)).toMatchObject({ delivered: false, statusCode: 500, responseBody: 'boom' });
    expect(await dispatcher.sendTest(webhook.id)).toMatchObject({ delivered: true, statusCode: 204 });
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ event: 'test', data: { webhook_id: webhook.id } });
    expect(verifyWebhookSignature({ secret: SECRET, headers: receiver.received[1]!.headers, body: receiver.received[1]!.body })).toBe(true);
    expect((await deliveries(webhook.id)).map((each) => [each.event, each.status])).toEqual([
      ['test', 'DELIVERED'],
      ['test', 'FAILED'],
    ]);
    // A test delivery is never sent again by the outbox.
    dispatcher.kick();
    await store.createModelVersion({ name: 'chat', source: 'file:///1' });
    dispatcher.kick();
    await vi.waitFor(() => expect(receiver.received).toHaveLength(3), { timeout: 10_000 });
    expect(JSON.parse(receiver.received[2]!.body).event).toBe('model_version.created');
  });
});
