import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AssayError, InvalidParameterError } from '@assay/core';
import { artifactContentType } from '../artifacts/artifact-content-type.js';
import type { ArtifactDirectory } from '../artifacts/artifact-directory.js';
import { guardHandler } from '../auth/guard-handler.js';
import type { RequiredPermission } from '../auth/permission.js';
import type { RouteAccess } from '../auth/route-access.js';
import { toMlflowFileInfo } from '../convert/to-mlflow-file-info.js';
import { fileInfoJson } from '../schemas/mlflow-entities.js';
import { emptyObject } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_ARTIFACTS_PREFIX, routingPathOf } from './api-paths.js';
import { createRouter } from './create-router.js';
import { accessDocumentation, ERROR_RESPONSES, jsonResponses } from './define-route.js';

const TAG = 'MLflow artifact proxy';
const FILE_PATH = `${MLFLOW_ARTIFACTS_PREFIX}/{path}`;
const pathParameter = z.object({
  path: z.string().openapi({ description: 'Relative to the artifact root, e.g. `1/<run_id>/artifacts/model/MLmodel` (may contain `/`).', example: '1/0a1b/artifacts/notes.txt' }),
});

/**
 * A permission on the experiment whose artifact folder holds the path (MLflow's auth app: GET needs READ, PUT EDIT,
 * DELETE MANAGE); paths outside every experiment's folder, the root listing included, are for admins.
 */
function pathAccess(permission: RequiredPermission): RouteAccess<{ path: string }> {
  return { resource: 'artifact-path', permission, idFrom: ({ path }) => path };
}

// Documented here; served by the handlers below, which take the raw path (it spans several segments).
const documentedRoutes = [
  createRoute({
    method: 'get',
    path: FILE_PATH,
    summary: 'Download an artifact file (streamed)',
    tags: [TAG],
    ...accessDocumentation(pathAccess('READ')),
    request: { params: pathParameter },
    responses: { 200: { description: "The file's bytes", content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...ERROR_RESPONSES },
  }),
  createRoute({
    method: 'put',
    path: FILE_PATH,
    summary: 'Upload an artifact file: the raw body is the file (streamed; replaces an existing file)',
    tags: [TAG],
    ...accessDocumentation(pathAccess('EDIT')),
    request: { params: pathParameter, body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } } },
    responses: { ...jsonResponses(emptyObject), 413: ERROR_RESPONSES[400] },
  }),
  createRoute({
    method: 'delete',
    path: FILE_PATH,
    summary: 'Delete an artifact file or folder (a missing path is a no-op)',
    tags: [TAG],
    ...accessDocumentation(pathAccess('MANAGE')),
    request: { params: pathParameter },
    responses: jsonResponses(emptyObject),
  }),
  createRoute({
    method: 'get',
    path: MLFLOW_ARTIFACTS_PREFIX,
    summary: 'List a folder of the artifact root (names relative to the folder)',
    tags: [TAG],
    ...accessDocumentation(pathAccess('READ')),
    request: { query: z.object({ path: z.string().optional() }) },
    responses: jsonResponses(z.object({ files: z.array(fileInfoJson).optional() })),
  }),
];

/** Options of the artifact proxy's upload limit. */
export interface ArtifactProxyOptions {
  /** Largest upload, in bytes. */
  maxArtifactBytes: number;
}

/** The artifact path of a proxy request, decoded once from the raw URL (the router's decoding is not used: `%2F` must not split differently). */
function artifactPathOf(context: Context): string {
  const pathname = routingPathOf(new URL(context.req.url).pathname);
  const raw = pathname.slice(MLFLOW_ARTIFACTS_PREFIX.length + 1);
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    throw new InvalidParameterError(`Invalid artifact path '${raw.slice(0, 200)}': it is not valid percent-encoding.`, { cause: error });
  }
}

/** MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`): files under the server's artifact root, streamed. */
export function createMlflowArtifactProxyRouter({ artifacts }: ServerContext, { maxArtifactBytes }: ArtifactProxyOptions): OpenAPIHono {
  const router = createRouter();
  for (const route of documentedRoutes) router.openAPIRegistry.registerPath(route);

  const directory = (): ArtifactDirectory => {
    if (artifacts === undefined) {
      throw new AssayError('NOT_IMPLEMENTED', 'This server has no artifact root, so it does not proxy artifacts (createAssayServer({ artifactRoot })).');
    }
    return artifacts;
  };

  const fileInput = (c: Context) => ({ path: artifactPathOf(c) });

  router.get(`${MLFLOW_ARTIFACTS_PREFIX}/:path{.+}`, guardHandler(pathAccess('READ'), fileInput, async (c) => {
    const file = await directory().read(artifactPathOf(c));
    return new Response(file.stream, {
      status: 200,
      headers: { 'content-type': artifactContentType(file.path), 'content-length': String(file.size), 'x-content-type-options': 'nosniff' },
    });
  }));

  router.put(`${MLFLOW_ARTIFACTS_PREFIX}/:path{.+}`, guardHandler(pathAccess('EDIT'), fileInput, async (c) => {
    const target = directory();
    const path = artifactPathOf(c);
    const declared = Number(c.req.header('content-length'));
    if (Number.isFinite(declared) && declared > maxArtifactBytes) {
      throw new HTTPException(413, { message: `The artifact (${declared} bytes) exceeds the upload limit of ${maxArtifactBytes} bytes.` });
    }
    await target.write(path, c.req.raw.body, maxArtifactBytes);
    return c.json({}, 200);
  }));

  router.delete(`${MLFLOW_ARTIFACTS_PREFIX}/:path{.+}`, guardHandler(pathAccess('MANAGE'), fileInput, async (c) => {
    await directory().delete(artifactPathOf(c));
    return c.json({}, 200);
  }));

  router.get(MLFLOW_ARTIFACTS_PREFIX, guardHandler(pathAccess('READ'), (c) => ({ path: c.req.query('path') ?? '' }), async (c) => {
    const files = await directory().list(c.req.query('path') ?? '');
    return c.json(
      files.length === 0 ? {} : { files: files.map(toMlflowFileInfo) },
      200,
    );
  }));

  return router;
}
