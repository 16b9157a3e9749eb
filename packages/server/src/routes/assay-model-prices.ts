import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { toAssayModelPrice } from '../convert/to-assay-json.js';
import { assayModelPriceJson } from '../schemas/assay-entities.js';
import { emptyObject } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, queryGetRoute } from './define-route.js';

const TAG = 'Assay model prices';
const PREFIX = `${ASSAY_API_PREFIX}/model-prices`;

const routes = {
  list: queryGetRoute({
    path: PREFIX,
    summary: "Every price the server's store applies to token usage: its own first, then the built-in ones it does not override",
    tag: TAG,
    query: z.object({}),
    response: z.object({ prices: z.array(assayModelPriceJson) }),
    access: 'authenticated',
  }),
  // The table prices every client's spans: changing it is for admins.
  set: jsonPostRoute({
    path: PREFIX,
    summary: 'Add or replace prices (same model name, case-insensitive); spans written afterwards are priced with them',
    tag: TAG,
    body: z.object({
      prices: z.array(z.object({ model: z.string(), input_per_million_tokens: z.number(), output_per_million_tokens: z.number() })),
    }),
    response: emptyObject,
    access: 'admin',
  }),
  delete: jsonPostRoute({
    path: `${PREFIX}/delete`,
    summary: "Remove prices the store set (a built-in price of the same name applies again); unknown names are ignored",
    tag: TAG,
    body: z.object({ models: z.array(z.string()) }),
    response: emptyObject,
    access: 'admin',
  }),
};

/** Assay's model price routes (`/api/assay/v1/model-prices`): the Store's ModelPriceStore. */
export function createAssayModelPricesRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(routes.list, async (c) => c.json({ prices: (await store.listModelPrices()).map(toAssayModelPrice) }, 200));

  router.openapi(routes.set, async (c) => {
    const { prices } = c.req.valid('json');
    await store.setModelPrices({
      prices: prices.map((price) => ({ model: price.model, inputPerMillionTokens: price.input_per_million_tokens, outputPerMillionTokens: price.output_per_million_tokens })),
    });
    return c.json({}, 200);
  });

  router.openapi(routes.delete, async (c) => {
    await store.deleteModelPrices({ models: c.req.valid('json').models });
    return c.json({}, 200);
  });

  return router;
}
