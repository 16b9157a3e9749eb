import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { AssayError, type Webhook, type WebhookDelivery, type WebhookStore } from '@assay/core';
import { emptyObject, int32, requiredString } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { sendTestDelivery } from '../webhooks/send-webhook.js';
import { ASSAY_API_PREFIX, MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, jsonResponses, queryGetRoute, routeWithAccess } from './define-route.js';

const TAG = 'Webhooks';
const PREFIX = `${MLFLOW_API_PREFIX}/webhooks`;
// Webhooks make the server send requests to any URL: only admins manage them.
const ADMIN = 'admin' as const;

/** An event on the wire: MLflow's `{ entity, action }`, or its dotted name. */
const eventJson = z.union([z.object({ entity: requiredString, action: requiredString }), requiredString]).openapi('WebhookEvent');
const webhookJson = z
  .object({
    webhook_id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    url: z.string(),
    events: z.array(z.object({ entity: z.string(), action: z.string() })),
    status: z.enum(['ACTIVE', 'DISABLED']),
    signed: z.boolean().openapi({ description: "Assay's: whether deliveries are signed (the secret itself is never returned)" }),
    creation_timestamp: z.number(),
    last_updated_timestamp: z.number(),
  })
  .openapi('Webhook');
const deliveryJson = z
  .object({
    delivery_id: z.string(),
    webhook_id: z.string(),
    event: z.string(),
    registry_event_id: z.number().optional(),
    status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
    attempts: z.number(),
    last_status_code: z.number().optional(),
    last_error: z.string().optional(),
    next_attempt_timestamp: z.number().optional(),
    creation_timestamp: z.number(),
    delivered_timestamp: z.number().optional(),
  })
  .openapi('WebhookDelivery');
const fields = {
  name: requiredString,
  url: requiredString,
  events: z.array(eventJson),
  description: z.string().optional(),
  status: z.enum(['ACTIVE', 'DISABLED']).optional(),
  secret: z.string().optional().openapi({ description: 'HMAC-SHA256 key, 16 to 256 characters; deliveries are signed with it' }),
};
const idParameter = z.object({ webhook_id: requiredString.openapi({ param: { name: 'webhook_id', in: 'path' } }) });
const paging = z.object({ max_results: int32.optional(), page_token: z.string().optional() });

function eventName(event: z.output<typeof eventJson>): string {
  return typeof event === 'string' ? event : `${event.entity}.${event.action}`;
}

function toWebhookJson(webhook: Webhook): z.output<typeof webhookJson> {
  return {
    webhook_id: webhook.id,
    name: webhook.name,
    ...(webhook.description === undefined ? {} : { description: webhook.description }),
    url: webhook.url,
    events: webhook.events.map((event) => {
      const dot = event.indexOf('.');
      return { entity: event.slice(0, dot), action: event.slice(dot + 1) };
    }),
    status: webhook.status,
    signed: webhook.signed,
    creation_timestamp: webhook.creationTimestamp,
    last_updated_timestamp: webhook.lastUpdatedTimestamp,
  };
}

function toDeliveryJson(delivery: WebhookDelivery): z.output<typeof deliveryJson> {
  return {
    delivery_id: delivery.id,
    webhook_id: delivery.webhookId,
    event: delivery.event,
    ...(delivery.registryEventId === undefined ? {} : { registry_event_id: delivery.registryEventId }),
    status: delivery.status,
    attempts: delivery.attempts,
    ...(delivery.lastStatusCode === undefined ? {} : { last_status_code: delivery.lastStatusCode }),
    ...(delivery.lastError === undefined ? {} : { last_error: delivery.lastError }),
    ...(delivery.nextAttemptAt === undefined ? {} : { next_attempt_timestamp: delivery.nextAttemptAt }),
    creation_timestamp: delivery.createdAt,
    ...(delivery.deliveredAt === undefined ? {} : { delivered_timestamp: delivery.deliveredAt }),
  };
}

const routes = {
  create: jsonPostRoute({ path: PREFIX, summary: 'Register a webhook for registry events', tag: TAG, body: z.object(fields), response: z.object({ webhook: webhookJson }), access: ADMIN }),
  list: queryGetRoute({
    path: PREFIX,
    summary: 'List webhooks',
    tag: TAG,
    query: paging,
    response: z.object({ webhooks: z.array(webhookJson), next_page_token: z.string().optional() }),
    access: ADMIN,
  }),
  get: routeWithAccess(
    { method: 'get', path: `${PREFIX}/{webhook_id}`, summary: 'One webhook', tags: [TAG], request: { params: idParameter }, responses: jsonResponses(z.object({ webhook: webhookJson })) },
    ADMIN,
  ),
  update: routeWithAccess(
    {
      method: 'patch',
      path: `${PREFIX}/{webhook_id}`,
      summary: 'Change a webhook (name, url, events, description, status, secret)',
      tags: [TAG],
      request: { params: idParameter, body: { content: { 'application/json': { schema: z.object(fields).partial() } }, required: true } },
      responses: jsonResponses(z.object({ webhook: webhookJson })),
    },
    ADMIN,
  ),
  delete: routeWithAccess(
    { method: 'delete', path: `${PREFIX}/{webhook_id}`, summary: 'Delete a webhook and its deliveries', tags: [TAG], request: { params: idParameter }, responses: jsonResponses(emptyObject) },
    ADMIN,
  ),
  test: routeWithAccess(
    {
      method: 'post',
      path: `${PREFIX}/{webhook_id}/test`,
      summary: 'Send a test delivery now and answer what the receiver said',
      tags: [TAG],
      request: { params: idParameter },
      responses: jsonResponses(
        z.object({ result: z.object({ success: z.boolean(), response_status: z.number().optional(), response_body: z.string().optional(), error_message: z.string().optional() }) }),
      ),
    },
    ADMIN,
  ),
  deliveries: routeWithAccess(
    {
      method: 'get',
      path: `${ASSAY_API_PREFIX}/webhooks/{webhook_id}/deliveries`,
      summary: "A webhook's deliveries, newest first, with their status and attempts",
      tags: [TAG],
      request: { params: idParameter, query: paging },
      responses: jsonResponses(z.object({ deliveries: z.array(deliveryJson), next_page_token: z.string().optional() })),
    },
    ADMIN,
  ),
};

function requireWebhooks(webhooks: WebhookStore | undefined): WebhookStore {
  if (webhooks === undefined) throw new AssayError('NOT_IMPLEMENTED', "This server's store has no webhooks (serve a DuckDbStore or LocalStore).");
  return webhooks;
}

function pageOptions(query: { max_results?: number | undefined; page_token?: string | undefined }): { maxResults?: number; pageToken?: string } {
  return { ...(query.max_results === undefined ? {} : { maxResults: query.max_results }), ...(query.page_token ? { pageToken: query.page_token } : {}) };
}

/** MLflow's webhook routes (`/api/2.0/mlflow/webhooks...`) and Assay's delivery log, admins only. */
export function createMlflowWebhooksRouter({ webhooks, webhookDispatcher }: ServerContext): OpenAPIHono {
  const router = createRouter();
  router.openapi(routes.create, async (c) => {
    const { events, ...body } = c.req.valid('json');
    return c.json({ webhook: toWebhookJson(await requireWebhooks(webhooks).createWebhook({ ...body, events: events.map(eventName) })) }, 200);
  });
  router.openapi(routes.list, async (c) => {
    const page = await requireWebhooks(webhooks).listWebhooks(pageOptions(c.req.valid('query')));
    return c.json({ webhooks: page.items.map(toWebhookJson), ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }) }, 200);
  });
  router.openapi(routes.get, async (c) => c.json({ webhook: toWebhookJson(await requireWebhooks(webhooks).getWebhook({ id: c.req.valid('param').webhook_id })) }, 200));
  router.openapi(routes.update, async (c) => {
    const { events, ...body } = c.req.valid('json');
    const update = { id: c.req.valid('param').webhook_id, ...body, ...(events === undefined ? {} : { events: events.map(eventName) }) };
    return c.json({ webhook: toWebhookJson(await requireWebhooks(webhooks).updateWebhook(update)) }, 200);
  });
  router.openapi(routes.delete, async (c) => {
    await requireWebhooks(webhooks).deleteWebhook({ id: c.req.valid('param').webhook_id });
    return c.json({}, 200);
  });
  router.openapi(routes.test, async (c) => {
    const id = c.req.valid('param').webhook_id;
    const store = requireWebhooks(webhooks);
    const result = webhookDispatcher !== undefined ? await webhookDispatcher.sendTest(id) : await sendTestDelivery(store, id, { fetch: globalThis.fetch, timeoutMs: 10_000 });
    return c.json(
      {
        result: {
          success: result.delivered,
          ...(result.statusCode === undefined ? {} : { response_status: result.statusCode }),
          ...(result.responseBody === undefined ? {} : { response_body: result.responseBody }),
          ...(result.error === undefined ? {} : { error_message: result.error }),
        },
      },
      200,
    );
  });
  router.openapi(routes.deliveries, async (c) => {
    const page = await requireWebhooks(webhooks).listWebhookDeliveries({ webhookId: c.req.valid('param').webhook_id, ...pageOptions(c.req.valid('query')) });
    return c.json({ deliveries: page.items.map(toDeliveryJson), ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }) }, 200);
  });
  return router;
}
