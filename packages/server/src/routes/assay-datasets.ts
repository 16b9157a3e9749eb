import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { DATASET_FILE_FORMATS, DATASET_SOURCE_TYPES, InvalidParameterError, type DatasetFileFormat, type DatasetSourceType, type Store } from '@assay/core';
import { streamThenRemove, temporaryDatasetFile, writeBodyToFile } from '../datasets/temporary-dataset-file.js';
import { toAssayDataset, toAssayDatasetSummary } from '../convert/to-assay-json.js';
import { encodeOffsetPageToken, decodeOffsetPageToken } from '../paging/offset-page-token.js';
import { assayDatasetJson, assayDatasetSummaryJson, dataRow } from '../schemas/assay-entities.js';
import { int32, requiredString } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import type { RouteAccess } from '../auth/route-access.js';
import { ERROR_RESPONSES, jsonPostRoute, jsonResponses, queryGetRoute, routeWithAccess } from './define-route.js';

const TAG = 'Assay datasets';
const PREFIX = `${ASSAY_API_PREFIX}/datasets`;
const JSONL = 'application/x-ndjson';

const nameParameter = z.object({ name: z.string().openapi({ example: 'support-qa' }) });
const versionQuery = z.object({ version: int32.optional().openapi({ description: 'Default: the latest' }) });
const datasetResponse = z.object({ dataset: assayDatasetJson });
const tags = z.record(z.string(), z.string());

/**
 * Datasets are one catalogue for the whole server, not an experiment's (a run
 * names the version it used, by name and digest, and runs of any experiment
 * may use one), so no experiment permission governs them: every signed-in
 * user reads them; adding a version, which changes what "latest" means for
 * everyone, is for admins.
 */
const READ_DATASETS: RouteAccess = 'authenticated';
const WRITE_DATASETS: RouteAccess = 'admin';

const routes = {
  list: queryGetRoute({
    path: PREFIX,
    summary: 'The latest version of every dataset, by name, with its number of versions',
    tag: TAG,
    query: z.object({ max_results: int32.optional(), page_token: z.string().optional() }),
    response: z.object({ datasets: z.array(assayDatasetSummaryJson), next_page_token: z.string().optional() }),
    access: READ_DATASETS,
  }),
  create: jsonPostRoute({
    path: PREFIX,
    summary: 'Store rows as a new version of a dataset (the latest version is returned unchanged when its digest is the same)',
    tag: TAG,
    body: z.object({
      name: requiredString,
      rows: z.array(dataRow),
      description: z.string().optional(),
      tags: tags.optional(),
      source: z.string().optional(),
      source_type: z.enum(DATASET_SOURCE_TYPES as readonly [DatasetSourceType, ...DatasetSourceType[]]).optional().openapi({ description: "Default 'inline'" }),
    }),
    response: datasetResponse,
    access: WRITE_DATASETS,
  }),
  get: routeWithAccess(
    {
      method: 'get',
      path: `${PREFIX}/{name}`,
      summary: 'One version of a dataset, with its digest and schema',
      tags: [TAG],
      request: { params: nameParameter, query: versionQuery },
      responses: jsonResponses(datasetResponse),
    },
    READ_DATASETS,
  ),
  rows: routeWithAccess(
    {
      method: 'get',
      path: `${PREFIX}/{name}/rows`,
      summary: "A page of one dataset version's rows, in their original order",
      tags: [TAG],
      request: {
        params: nameParameter,
        query: versionQuery.extend({
          max_results: int32.optional().openapi({ description: 'Rows per page; default 1000, at most 50,000' }),
          page_token: z.string().optional(),
          offset: int32.optional().openapi({ description: 'Rows to skip, instead of page_token' }),
        }),
      },
      responses: jsonResponses(z.object({ name: z.string(), version: z.number().int(), row_count: z.number().int(), rows: z.array(dataRow), next_page_token: z.string().optional() })),
    },
    READ_DATASETS,
  ),
  import: routeWithAccess(
    {
      method: 'post',
      path: `${PREFIX}/{name}/import`,
      summary: 'Store a JSONL body (one JSON object per line) as a new version of a dataset',
      tags: [TAG],
      request: {
        params: nameParameter,
        query: z.object({ description: z.string().optional(), source: z.string().optional().openapi({ description: "Where the rows came from; default 'upload'" }) }),
        body: { content: { [JSONL]: { schema: z.string().openapi({ example: '{"question": "2+2?", "answer": "4"}\n' }) } }, required: true },
      },
      responses: jsonResponses(datasetResponse),
    },
    WRITE_DATASETS,
  ),
  files: routeWithAccess(
    {
      method: 'post',
      path: `${PREFIX}/{name}/files`,
      summary:
        "Store a dataset file (the raw body: JSONL, CSV or Parquet, streamed) as a new version, read by the store's own readers exactly as a local " +
        'import of the file (the version records `source` as where it came from)',
      tags: [TAG],
      request: {
        params: nameParameter,
        query: z.object({
          format: z.enum(DATASET_FILE_FORMATS as readonly [DatasetFileFormat, ...DatasetFileFormat[]]),
          source: z.string().optional().openapi({ description: "Where the file came from, e.g. the client's path; default 'upload'" }),
          description: z.string().optional(),
          tags: z.string().optional().openapi({ description: 'The version\'s tags as a JSON object of strings, e.g. {"owner":"ana"}' }),
        }),
        body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
      },
      responses: { ...jsonResponses(datasetResponse), 413: ERROR_RESPONSES[400] },
    },
    WRITE_DATASETS,
  ),
  export: routeWithAccess(
    {
      method: 'get',
      path: `${PREFIX}/{name}/export`,
      summary: 'One dataset version as JSONL (one row per line) or Parquet (`format=parquet`, written by the store), streamed',
      tags: [TAG],
      request: { params: nameParameter, query: versionQuery.extend({ format: z.enum(['jsonl', 'parquet']).optional().openapi({ description: "Default 'jsonl'" }) }) },
      // The 200 answer is a stream, typed as a plain Response here; its media type is in the description.
      responses: { 200: { description: `The rows as ${JSONL} (one JSON object per line), or as application/vnd.apache.parquet` }, ...ERROR_RESPONSES },
    },
    READ_DATASETS,
  ),
};

/** The tags of a file upload: a JSON object of strings in the query string. @throws InvalidParameterError otherwise. */
function parseTags(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((value) => typeof value !== 'string')) {
    throw new InvalidParameterError(`Invalid value for parameter 'tags': expected a JSON object of strings, e.g. {"owner":"ana"}.`);
  }
  return parsed as Record<string, string>;
}

/** Rows of a JSONL text; blank lines are skipped. @throws InvalidParameterError naming the first line that is not a JSON object. */
function parseJsonLines(text: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const lines = text.split(/\r?\n/u);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      row = undefined;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new InvalidParameterError(`Line ${index + 1} of the JSONL body is not a JSON object: '${line.slice(0, 60)}'.`);
    }
    rows.push(row as Record<string, unknown>);
  }
  if (rows.length === 0) throw new InvalidParameterError('The JSONL body holds no rows: send one JSON object per line.');
  return rows;
}

const EXPORT_PAGE_ROWS = 5000;

/** A dataset version's rows as a stream of JSONL, read from the store a page at a time. */
function jsonLinesStream(store: Store, name: string, version: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await store.readDatasetRows({ name, version, limit: EXPORT_PAGE_ROWS, offset });
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((row) => `${JSON.stringify(row)}\n`).join('')));
      offset += rows.length;
      if (rows.length < EXPORT_PAGE_ROWS) controller.close();
    },
  });
}

/** Options of the dataset routes. */
export interface DatasetRoutesOptions {
  /** Largest dataset file upload, in bytes. */
  maxDatasetFileBytes: number;
}

/** Assay's dataset routes (`/api/assay/v1/datasets...`): versions, digests, paged rows, import (JSONL, and files the store reads) and export. */
export function createAssayDatasetsRouter({ store }: ServerContext, { maxDatasetFileBytes }: DatasetRoutesOptions): OpenAPIHono {
  const router = createRouter();
  const version = (query: { version?: number | undefined }) => (query.version !== undefined ? { version: query.version } : {});

  router.openapi(routes.list, async (c) => {
    const query = c.req.valid('query');
    const page = await store.listDatasets({
      ...(query.max_results !== undefined ? { maxResults: query.max_results } : {}),
      ...(query.page_token !== undefined && query.page_token !== '' ? { pageToken: query.page_token } : {}),
    });
    return c.json({ datasets: page.items.map(toAssayDatasetSummary), ...(page.nextPageToken !== undefined ? { next_page_token: page.nextPageToken } : {}) }, 200);
  });

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const info = await store.createDatasetVersion({
      name: body.name,
      rows: body.rows,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.tags !== undefined ? { tags: body.tags } : {}),
      ...(body.source !== undefined ? { source: body.source } : {}),
      ...(body.source_type !== undefined ? { sourceType: body.source_type } : {}),
    });
    return c.json({ dataset: toAssayDataset(info) }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const info = await store.getDataset({ name: c.req.valid('param').name, ...version(c.req.valid('query')) });
    return c.json({ dataset: toAssayDataset(info) }, 200);
  });

  router.openapi(routes.rows, async (c) => {
    const query = c.req.valid('query');
    // The version first, so that every page of a paging reads the same one.
    const info = await store.getDataset({ name: c.req.valid('param').name, ...version(query) });
    const offset = query.offset ?? decodeOffsetPageToken(query.page_token);
    const rows = await store.readDatasetRows({ name: info.name, version: info.version, ...(query.max_results !== undefined ? { limit: query.max_results } : {}), offset });
    const next = offset + rows.length;
    return c.json(
      { name: info.name, version: info.version, row_count: info.rowCount, rows, ...(rows.length > 0 && next < info.rowCount ? { next_page_token: encodeOffsetPageToken(next) } : {}) },
      200,
    );
  });

  router.openapi(routes.import, async (c) => {
    const query = c.req.valid('query');
    const rows = parseJsonLines(await c.req.text());
    const info = await store.createDatasetVersion({
      name: c.req.valid('param').name,
      rows,
      sourceType: 'jsonl',
      source: query.source !== undefined && query.source !== '' ? query.source : 'upload',
      ...(query.description !== undefined ? { description: query.description } : {}),
    });
    return c.json({ dataset: toAssayDataset(info) }, 200);
  });

  router.openapi(routes.files, async (c) => {
    const query = c.req.valid('query');
    const tagsOfVersion = parseTags(query.tags);
    const file = await temporaryDatasetFile(query.format);
    try {
      await writeBodyToFile(c.req.raw.body, file.path, maxDatasetFileBytes);
      const info = await store.importDatasetFile({
        name: c.req.valid('param').name,
        path: file.path,
        format: query.format,
        source: query.source !== undefined && query.source !== '' ? query.source : 'upload',
        ...(query.description !== undefined ? { description: query.description } : {}),
        ...(tagsOfVersion !== undefined ? { tags: tagsOfVersion } : {}),
      });
      return c.json({ dataset: toAssayDataset(info) }, 200);
    } finally {
      await file.remove();
    }
  });

  router.openapi(routes.export, async (c) => {
    const query = c.req.valid('query');
    const info = await store.getDataset({ name: c.req.valid('param').name, ...version(query) });
    const filename = `${encodeURIComponent(info.name)}-v${info.version}`;
    if (query.format === 'parquet') {
      const file = await temporaryDatasetFile('parquet');
      try {
        await store.exportDataset({ name: info.name, version: info.version, path: file.path, format: 'parquet' });
      } catch (error) {
        await file.remove();
        throw error;
      }
      return c.body(streamThenRemove(file), 200, {
        'content-type': 'application/vnd.apache.parquet',
        'content-disposition': `attachment; filename="${filename}.parquet"`,
        'x-assay-row-count': String(info.rowCount),
      });
    }
    return c.body(jsonLinesStream(store, info.name, info.version), 200, {
      'content-type': JSONL,
      'content-disposition': `attachment; filename="${filename}.jsonl"`,
      'x-assay-row-count': String(info.rowCount),
    });
  });

  return router;
}
