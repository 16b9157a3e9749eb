import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, useTestServer, type TestServer } from './__fixtures__/create-test-server.js';
import { decodeStatus, decodeTraceResponse, encodeTraceRequest } from './__fixtures__/otlp-messages.js';
import { addUsers, as, createSharedExperiment } from './__fixtures__/use-server-with-users.js';

// The bad-input suite: thousands of malformed requests, generated
// deterministically from the server's own OpenAPI document, each of which must
// be answered with a 4xx in its route family's error shape, after which the
// server still answers /health and the store holds exactly what it held before.

const API = '/api/2.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const OTLP = '/v1/traces';
const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;
const MAX_OTLP_BODY_BYTES = 8 * 1024 * 1024;
const MAX_ARTIFACT_BYTES = 1024 * 1024;
const TARGET_REQUESTS = 2000;

/** A small seeded generator (mulberry32), so every run sends the same requests. */
function createRandom(seed: number): { next(): number; int(below: number): number; pick<T>(items: readonly T[]): T; bytes(length: number): Uint8Array } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    bytes: (length) => Uint8Array.from({ length }, () => int(256)),
  };
}

/** One malformed request. */
interface BadRequest {
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents are walked as plain JSON
type Json = any;

const UNKNOWN_IDS = ['0', '999999999', 'ffffffffffffffffffffffffffffffff', 'tr-00000000000000000000000000000000', 'no-such-id', '-1', '%00', 'x'.repeat(5000)];

const BAD_FILTERS = [
  'attributes.x = ',
  "attributes.status = 'FINISHED",
  'metrics.acc >',
  'metrics.acc ~~ 1',
  'params.p LIKEE "x"',
  "tags.'unbalanced = 'x'",
  '((metrics.acc > 1)',
  'metrics.acc > 1)',
  'name = "x" AND',
  'OR OR OR',
  'foo.bar = 1',
  "attributes.start_time > 'not a number'",
  'metrics.acc IN (1, 2',
  'trace.status = ',
  '= = =',
  '\u0000',
  "name = 'x' ; DROP TABLE runs; --",
  `${'('.repeat(5000)}metrics.a > 1${')'.repeat(5000)}`,
  `metrics.a > 1${' AND metrics.a > 1'.repeat(5000)}`,
  'span.attributes.x >',
];
const BAD_ORDER_BY = ['metrics.', 'name SIDEWAYS', 'attributes.nope DESC', '', 'start_time ASC DESC', '`unbalanced', "'", 'metrics.a ASC,,', 'x'.repeat(100_000)];
const BAD_PAGE_TOKENS = ['garbage', '!!!!', 'eyJvZmZzZXQiOiAtMX0=', Buffer.from('{"offset":-5}').toString('base64'), Buffer.from('{"offset":"x"}').toString('base64'), Buffer.from('[]').toString('base64'), '%ff%fe', 'x'.repeat(10_000)];
const BAD_INTEGERS: readonly string[] = ['abc', '1.5', '1e999', '-1e999', '99999999999999999999999', 'NaN', 'Infinity', '0x10', '', '1,2', '١٢'];
const TRAVERSAL_PATHS = [
  '../../etc/passwd',
  '0/../../../etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2e%2e/%2e%2e/secret',
  '..%2f..%2fsecret',
  '..%5c..%5csecret',
  '..\\..\\secret',
  '/etc/passwd',
  '%2fetc%2fpasswd',
  'C:\\Windows\\win.ini',
  'a/%00/b',
  'a%00.txt',
  `${'a/'.repeat(3000)}deep`,
  `${'x'.repeat(10_000)}.txt`,
  '0/run/artifacts/../../../../../outside',
];

/** JSON values of the wrong type for a schema. */
function wrongValues(schema: Json): unknown[] {
  const type = Array.isArray(schema?.type) ? schema.type.filter((t: string) => t !== 'null')[0] : schema?.type;
  switch (type) {
    case 'string':
      return schema.enum !== undefined ? [12, { a: 1 }, 'NOT_A_MEMBER'] : [12, true, { a: 1 }, [1, 2]];
    case 'integer':
      return ['abc', 1.5, 2 ** 70, true, { n: 1 }, '9'.repeat(30), 'NaN'];
    case 'number':
      return ['abc', true, { n: 1 }, [1]];
    case 'boolean':
      return ['yes', 2, { b: true }];
    case 'array':
      return ['not a list', 7, { a: 1 }];
    case 'object':
      return ['not an object', 7, [1, 2]];
    default:
      return [];
  }
}

/** A plausible value for a field filled in beside the broken one: unknown ids, so nothing can be written. */
function fillerValue(name: string, schema: Json): unknown {
  const type = Array.isArray(schema?.type) ? schema.type.filter((t: string) => t !== 'null')[0] : schema?.type;
  if (schema?.enum !== undefined) return schema.enum[0];
  switch (type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return name.endsWith('id') || name.endsWith('ids') ? 'no-such-id-0000' : 'bad-input-filler';
  }
}

function deeplyNested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/**
 * Whether bytes are a well-formed protobuf message at the top level (every
 * field's tag, wire type and length fits). Random bytes sometimes are: an
 * export of unknown fields only, which OTLP accepts as empty.
 */
function isWellFormedProtobuf(bytes: Uint8Array): boolean {
  const reader = protobuf.Reader.create(bytes);
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 0) return false;
      reader.skipType(tag & 7);
    }
    return true;
  } catch {
    return false;
  }
}

/** Random bytes that are not a well-formed protobuf message. */
function malformedBytes(random: ReturnType<typeof createRandom>, maxLength: number): Uint8Array {
  for (;;) {
    const bytes = random.bytes(1 + random.int(maxLength));
    if (!isWellFormedProtobuf(bytes)) return bytes;
  }
}

/** Resolves `$ref`s into the document's components. */
function resolve(document: Json, schema: Json): Json {
  let current = schema;
  for (let hops = 0; current?.$ref !== undefined && hops < 20; hops++) {
    const name = String(current.$ref).replace('#/components/schemas/', '');
    current = document.components?.schemas?.[name];
  }
  if (current?.allOf !== undefined) return Object.assign({}, ...current.allOf.map((part: Json) => resolve(document, part)));
  if (current?.anyOf !== undefined) return resolve(document, current.anyOf.find((part: Json) => part.type !== 'null') ?? current.anyOf[0]);
  return current;
}

/** `%00`, `%2e` and the like as the characters they stand for (a query parameter is decoded once by the server). */
function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function fillPath(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}

/** Every request the suite sends, in a fixed order. */
function generateRequests(document: Json, context: { experimentId: string; runId: string; traceId: string }): BadRequest[] {
  const random = createRandom(0x5eed_13);
  const requests: BadRequest[] = [];
  const admin = as('admin');
  const jsonHeaders = { ...admin, 'content-type': 'application/json' };
  const routes: { path: string; method: string; operation: Json }[] = [];
  for (const [path, methods] of Object.entries<Json>(document.paths)) {
    for (const [method, operation] of Object.entries<Json>(methods)) routes.push({ path, method: method.toUpperCase(), operation });
  }

  for (const { path, method, operation } of routes) {
    const access = operation['x-assay-access'];
    const hasPathParameters = path.includes('{');
    const concrete = fillPath(path, 'no-such-id-0000');
    const alias = (p: string) => (random.next() < 0.25 && p.startsWith('/api/') ? `/ajax-api/${p.slice('/api/'.length)}` : p);

    // Authentication: every route but the public ones needs credentials.
    if (access !== 'No authentication.' && path !== OTLP) {
      for (const headers of [{}, basicAuth('admin', 'wrong password'), basicAuth('nobody', 'x'), { authorization: 'Bearer garbage-token' }, { authorization: 'Bearer ' }, { authorization: 'Basic !!!not-base64' }, { authorization: 'Digest abc' }, { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` }]) {
        requests.push({ category: 'auth: missing or bad credentials', method, path: alias(concrete), headers });
      }
    }

    // Path parameters: unknown ids and traversal strings. Not the artifact proxy's
    // path (any name is a file there: traversal is tried below), nor a dataset
    // import's name (it creates the dataset: its bad bodies are tried below).
    if (hasPathParameters && !path.startsWith(PROXY) && !path.endsWith('/import')) {
      for (const id of [...UNKNOWN_IDS, ...TRAVERSAL_PATHS.slice(0, 6)]) {
        const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
        requests.push({ category: 'unknown ids', method, path: alias(fillPath(path, id)), headers: body === undefined ? admin : jsonHeaders, ...(body !== undefined ? { body } : {}) });
      }
    }
    if (path.startsWith(PROXY) || path === OTLP) continue;

    const parameters: Json[] = (operation.parameters ?? []).map((parameter: Json) => resolve(document, parameter));
    const query = parameters.filter((parameter) => parameter.in === 'query');
    const required = query.filter((parameter) => parameter.required === true);
    const queryFill = (except: string) =>
      required
        .filter((parameter) => parameter.name !== except)
        .map((parameter) => `${parameter.name}=${encodeURIComponent(String(fillerValue(parameter.name, resolve(document, parameter.schema))))}`);
    if (required.length > 0) requests.push({ category: 'missing required fields', method, path: alias(concrete), headers: admin });
    for (const parameter of query) {
      const schema = resolve(document, parameter.schema);
      const type = schema?.type;
      const name: string = parameter.name;
      const values: string[] = [];
      if (type === 'integer' || type === 'number') values.push(...BAD_INTEGERS.filter((value) => type === 'integer' || !['1.5', 'NaN', 'Infinity', '1e999', '-1e999', '99999999999999999999999'].includes(value)));
      if (type === 'boolean') values.push('maybe', '2');
      if (schema?.enum !== undefined) values.push('NOT_A_MEMBER');
      if (/filter/.test(name)) values.push(...BAD_FILTERS);
      if (/order_by/.test(name)) values.push(...BAD_ORDER_BY);
      if (/page_token/.test(name)) values.push(...BAD_PAGE_TOKENS);
      if (name === 'path') values.push(...TRAVERSAL_PATHS);
      if (values.length === 0) continue;
      for (const value of values) {
        const category = /filter/.test(name) ? 'bad filters' : /order_by/.test(name) ? 'bad order_by' : /page_token/.test(name) ? 'bad page tokens' : name === 'path' ? 'traversal paths' : 'wrong types';
        const fill = queryFill(name);
        // Unknown ids beside a bad parameter: anything that slips through finds nothing.
        const parts = [...fill, `${name}=${encodeURIComponent(value)}`];
        if (name === 'path') parts[parts.length - 1] = `path=${encodeURIComponent(decodeOnce(value))}`;
        if (name === 'path' && query.some((p) => p.name === 'run_id')) parts.push(`run_id=${context.runId}`);
        if ((/filter|order_by|page_token/.test(name)) && query.some((p) => p.name === 'experiment_ids') && !parts.some((p) => p.startsWith('experiment_ids='))) parts.push(`experiment_ids=${context.experimentId}`);
        if ((/filter|order_by|page_token/.test(name)) && query.some((p) => p.name === 'experiment_id') && !parts.some((p) => p.startsWith('experiment_id='))) parts.push(`experiment_id=${context.experimentId}`);
        requests.push({ category, method, path: alias(`${concrete}?${parts.join('&')}`), headers: admin });
      }
    }

    if (operation.requestBody?.content?.['application/x-ndjson'] !== undefined || operation.requestBody?.content?.['application/jsonl'] !== undefined) {
      const contentType = Object.keys(operation.requestBody.content)[0] as string;
      for (const text of ['not json', '[1, 2]', '{"a": 1}\n{"b":', '"a string"\n', '{"a": 1}\n42\n', deeplyNested(100_000)]) {
        requests.push({ category: 'invalid JSON', method, path: alias(concrete), headers: { ...admin, 'content-type': contentType }, body: text });
      }
    }
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    if (bodySchema === undefined) continue;
    const schema = resolve(document, bodySchema);
    const properties: Record<string, Json> = schema?.properties ?? {};
    const requiredFields: string[] = schema?.required ?? [];
    const send = (category: string, body: string, headers: Record<string, string> = jsonHeaders) => requests.push({ category, method, path: alias(concrete), headers, body });

    for (const text of ['{', '{"a":', "{'a': 1}", '{"a": 1,}', 'NaN', '{"a": 1} trailing', '\u0000\u0001', '\ufeff{"x":1', '', '{"a": "\\ud800"', '{"a": tru}']) send('invalid JSON', text);
    if (requiredFields.length > 0) {
      for (const text of ['[]', '"a string"', '42', 'null', 'true', '{}']) send('missing required fields', text);
    }
    const filled = Object.fromEntries(requiredFields.map((name) => [name, fillerValue(name, resolve(document, properties[name]))]));
    for (const [name, propertySchema] of Object.entries(properties)) {
      const fieldSchema = resolve(document, propertySchema);
      for (const value of wrongValues(fieldSchema)) send('wrong types', JSON.stringify({ ...filled, [name]: value }));
      if (/filter/.test(name) && fieldSchema?.type === 'string') {
        for (const filter of BAD_FILTERS) send('bad filters', JSON.stringify({ ...filled, experiment_ids: [context.experimentId], experiment_id: context.experimentId, locations: undefined, [name]: filter }));
      }
      if (/order_by/.test(name)) {
        for (const order of BAD_ORDER_BY) send('bad order_by', JSON.stringify({ ...filled, experiment_ids: [context.experimentId], experiment_id: context.experimentId, [name]: fieldSchema?.type === 'array' ? [order] : order }));
      }
      if (/page_token/.test(name)) {
        for (const token of BAD_PAGE_TOKENS) send('bad page tokens', JSON.stringify({ ...filled, experiment_ids: [context.experimentId], experiment_id: context.experimentId, [name]: token }));
      }
    }
    // Huge and deep values: a deep array where a field is expected, a huge string where none fits, a body over the limit.
    const firstField = requiredFields[0] ?? Object.keys(properties)[0];
    if (firstField !== undefined) {
      // The deep array stands where a field of another type belongs.
      const fieldType = resolve(document, properties[firstField])?.type;
      const field = fieldType === 'array' ? (Object.keys(properties).find((name) => resolve(document, properties[name])?.type !== 'array') ?? firstField) : firstField;
      for (const depth of [1000, 100_000]) {
        const others = Object.entries(filled).filter(([name]) => name !== field).map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
        send('deeply nested JSON', `{${[...others, `${JSON.stringify(field)}: ${fieldType === 'array' && field === firstField ? `[${deeplyNested(depth)}]` : deeplyNested(depth)}`].join(', ')}}`);
      }
    }
    // A wrong content type: the body is not JSON.
    send('wrong content types', 'a=1&b=2', { ...admin, 'content-type': 'application/x-www-form-urlencoded' });
    send('wrong content types', '\u0000\u0001\u0002', { ...admin, 'content-type': 'application/octet-stream' });
    // Writers: a READ-only user may not change anything.
    if (/EDIT|MANAGE|Admins only/.test(String(access)) && method !== 'GET') {
      const onShared = { ...filled, experiment_id: context.experimentId, run_id: context.runId, trace_id: context.traceId, request_id: context.traceId, name: 'changed-by-reader', key: 'k', value: 'v' };
      requests.push({ category: 'auth: READ user writing', method, path: alias(fillPath(path, context.runId)), headers: { ...as('reader'), 'content-type': 'application/json' }, body: JSON.stringify(onShared) });
    }
  }

  // Huge bodies: within the JSON limit where no string fits, and over it.
  const hugeRoutes = [`${API}/runs/log-batch`, `${API}/experiments/create`, `${API}/runs/create`, `${API}/runs/search`, `${API}/experiments/search`];
  for (const path of hugeRoutes) {
    requests.push({ category: 'huge values', method: 'POST', path, headers: jsonHeaders, body: JSON.stringify({ experiment_id: 'x'.repeat(3 * 1024 * 1024), run_id: 'no-such-id-0000', max_results: 'x'.repeat(1024) }) });
    requests.push({ category: 'huge values', method: 'POST', path, headers: jsonHeaders, body: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }) });
  }
  for (const value of [2 ** 70, -(2 ** 70), 1.5, 'NaN', 1e308, -1e308, '1e999']) {
    requests.push({ category: 'huge values', method: 'POST', path: `${API}/runs/log-metric`, headers: jsonHeaders, body: JSON.stringify({ run_id: context.runId, key: 'acc', value: 1, timestamp: value, step: 0 }) });
    requests.push({ category: 'huge values', method: 'POST', path: `${API}/runs/log-metric`, headers: jsonHeaders, body: JSON.stringify({ run_id: context.runId, key: 'acc', value: 1, timestamp: 0, step: value }) });
    requests.push({ category: 'huge values', method: 'GET', path: `${API}/experiments/search?max_results=${encodeURIComponent(String(value))}`, headers: admin });
  }

  // The artifact proxy: traversal in every form, on every method.
  for (const path of TRAVERSAL_PATHS) {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      requests.push({ category: 'traversal paths', method, path: `${PROXY}/${path}`, headers: { ...admin, 'content-type': 'application/octet-stream' }, ...(method === 'PUT' ? { body: 'evil' } : {}) });
    }
    requests.push({ category: 'traversal paths', method: 'GET', path: `${API}/artifacts/list?run_id=${context.runId}&path=${encodeURIComponent(decodeOnce(path))}`, headers: admin });
  }
  requests.push({ category: 'huge values', method: 'PUT', path: `${PROXY}/0/${context.runId}/artifacts/too-big.bin`, headers: { ...admin, 'content-type': 'application/octet-stream' }, body: new Uint8Array(MAX_ARTIFACT_BYTES + 1) });
  requests.push({ category: 'auth: READ user writing', method: 'PUT', path: `${PROXY}/${context.experimentId}/${context.runId}/artifacts/by-reader.txt`, headers: { ...as('reader'), 'content-type': 'application/octet-stream' }, body: 'nope' });
  requests.push({ category: 'auth: READ user writing', method: 'DELETE', path: `${PROXY}/${context.experimentId}/${context.runId}/artifacts/notes.txt`, headers: as('reader') });

  // OTLP: hostile protobuf and gzip.
  const protobuf = { ...admin, 'content-type': 'application/x-protobuf', 'x-mlflow-experiment-id': context.experimentId };
  const otlpJson = { ...admin, 'content-type': 'application/json', 'x-mlflow-experiment-id': context.experimentId };
  const valid = encodeTraceRequest({ 'service.name': 'bad-input' }, [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'never stored', start: '1767225600000000000', end: '1767225600100000000', attributes: {} }]);
  const otlp = (category: string, body: Uint8Array | string, headers: Record<string, string> = protobuf) => requests.push({ category, method: 'POST', path: OTLP, headers, body });
  for (let cut = 1; cut < valid.length; cut += Math.max(1, Math.floor(valid.length / 40))) otlp('OTLP: truncated protobuf', valid.slice(0, cut));
  for (const bytes of [
    [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // a length varint over 64 bits
    [0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80], // a varint that never ends
    [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f], // a length of 4 GiB
    [0x0b], // a start-group wire type
    [0x0c], // an end-group wire type
    [0x0e, 0x00], // wire type 6
    [0x0f, 0x00], // wire type 7
    [0x0a, 0x02, 0x0a, 0x05], // a nested length past the end
    [0x00], // field number 0
    [0x0a, 0x03, 0x12, 0x01, 0x08], // scope_spans with a varint inside
  ]) {
    otlp('OTLP: wrong wire types and varint overflows', Uint8Array.from(bytes));
  }
  for (let index = 0; index < 120; index++) otlp('OTLP: random bytes', malformedBytes(random, 600));
  for (const text of ['{', '[]', '{"resourceSpans": 7}', '{"resourceSpans": [7]}', '{"resourceSpans": [{"scopeSpans": {"spans": 1}}]}', deeplyNested(100_000)]) {
    otlp('OTLP: bad JSON', text, otlpJson);
  }
  for (let index = 0; index < 20; index++) otlp('OTLP: gzip of garbage', gzipSync(random.bytes(1 + random.int(2000))), { ...protobuf, 'content-encoding': 'gzip' });
  otlp('OTLP: gzip of garbage', random.bytes(100), { ...protobuf, 'content-encoding': 'gzip' });
  otlp('OTLP: gzip of garbage', gzipSync(valid).slice(0, 20), { ...protobuf, 'content-encoding': 'gzip' });
  otlp('OTLP: gzip of garbage', valid, { ...protobuf, 'content-encoding': 'br' });
  otlp('OTLP: gzip of garbage', valid, { ...protobuf, 'content-encoding': 'gzip, gzip' });
  otlp('OTLP: gzip bomb', gzipSync(Buffer.alloc(50 * 1024 * 1024)), { ...protobuf, 'content-encoding': 'gzip' });
  otlp('OTLP: gzip bomb', gzipSync(gzipSync(Buffer.alloc(50 * 1024 * 1024))), { ...protobuf, 'content-encoding': 'gzip' });
  otlp('OTLP: huge body', new Uint8Array(MAX_OTLP_BODY_BYTES + 1));
  for (const contentType of ['text/plain', 'application/xml', 'multipart/form-data', 'application/x-protobuffer', '']) {
    otlp('OTLP: wrong content types', valid, { ...admin, 'x-mlflow-experiment-id': context.experimentId, 'content-type': contentType });
  }
  otlp('OTLP: unknown ids', valid, { ...protobuf, 'x-mlflow-experiment-id': '999999999' });
  otlp('OTLP: unknown ids', valid, { ...protobuf, 'x-mlflow-experiment-id': 'not-a-number' });
  for (const headers of [{}, basicAuth('admin', 'wrong'), { authorization: 'Bearer garbage' }]) {
    otlp('auth: missing or bad credentials', valid, { 'content-type': 'application/x-protobuf', 'x-mlflow-experiment-id': context.experimentId, ...headers });
  }
  otlp('auth: READ user writing', valid, { 'content-type': 'application/x-protobuf', 'x-mlflow-experiment-id': context.experimentId, ...as('reader') });

  // Fill up to the target with seeded mixtures: random filters, random bytes, random paths.
  const searchPaths = [`${API}/runs/search`, `${API}/experiments/search`];
  const tokens = ['metrics.acc', 'params.p', 'tags.t', 'attributes.status', 'name', '=', '!=', '>', 'LIKE', 'ILIKE', 'IN', 'AND', 'OR', '(', ')', "'", '"', '`', '1', '1.5', '-', ',', '%', 'x'];
  while (requests.length < TARGET_REQUESTS) {
    const kind = random.int(3);
    if (kind === 0) {
      // A random token soup that does not end in a complete comparison: always unparseable.
      const length = 1 + random.int(8);
      const filter = `${Array.from({ length }, () => random.pick(tokens)).join(' ')} ${random.pick(['AND', 'OR', '=', '(', "'"])}`;
      requests.push({ category: 'bad filters', method: 'POST', path: random.pick(searchPaths), headers: jsonHeaders, body: JSON.stringify({ experiment_ids: [context.experimentId], filter }) });
    } else if (kind === 1) {
      otlp('OTLP: random bytes', malformedBytes(random, 300));
    } else {
      const segments = Array.from({ length: 1 + random.int(6) }, () => random.pick(['..', '%2e%2e', '.', '%2f', '\\', '%5c', '%00', 'a', '']));
      requests.push({ category: 'traversal paths', method: random.pick(['GET', 'PUT', 'DELETE']), path: `${PROXY}/${segments.join('/')}/..`, headers: { ...admin, 'content-type': 'application/octet-stream' } });
    }
  }
  return requests;
}

/** Everything the store holds, read through the store. */
async function snapshot(server: TestServer): Promise<unknown> {
  const store = server.store;
  const experiments = (await store.searchExperiments({ viewType: 'ALL', maxResults: 50_000 })).items;
  const experimentIds = experiments.map((experiment) => experiment.experimentId);
  const runs = (await store.searchRuns({ experimentIds, viewType: 'ALL', maxResults: 50_000 })).runs;
  const runDetails = [];
  for (const run of runs) {
    const histories = [];
    for (const key of Object.keys(run.data.metrics ?? {})) histories.push(await store.getMetricHistory({ runId: run.info.runId, key }));
    runDetails.push({ run: await store.getRun({ runId: run.info.runId }), histories, artifacts: await store.listArtifacts({ runId: run.info.runId }) });
  }
  const traces = (await store.searchTraces({ experimentIds, maxResults: 500 })).traces;
  const traceDetails = [];
  for (const trace of traces) traceDetails.push(await store.getTrace({ traceId: trace.traceId }));
  const datasets = (await store.listDatasets({})).items;
  return { experiments, runDetails, traceDetails, datasets, users: await server.users.listUsers() };
}

describe('bad input: generated malformed requests get 4xx, never 5xx, and change nothing', () => {
  const server = useTestServer({ auth: { defaultPermission: 'READ' }, maxJsonBodyBytes: MAX_JSON_BODY_BYTES, maxOtlpBodyBytes: MAX_OTLP_BODY_BYTES, maxArtifactBytes: MAX_ARTIFACT_BYTES });
  const context = { experimentId: '', runId: '', traceId: '' };

  beforeAll(async () => {
    await addUsers(server);
    Object.assign(context, await createSharedExperiment(server, 'bad-input'));
    const admin = as('admin');
    const logged = await server.post(
      `${API}/runs/log-batch`,
      {
        run_id: context.runId,
        metrics: [
          { key: 'acc', value: 0.5, timestamp: 1, step: 0 },
          { key: 'acc', value: 0.75, timestamp: 2, step: 1 },
        ],
        params: [{ key: 'model', value: 'acme' }],
        tags: [{ key: 'team', value: 'ml' }],
      },
      admin,
    );
    expect(logged.status).toBe(200);
    expect((await server.post(`${API}/runs/create`, { experiment_id: context.experimentId, run_name: 'second' }, admin)).status).toBe(200);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const spans = encodeTraceRequest({ 'service.name': 'seed' }, [
      { traceId, spanId: '00f067aa0ba902b7', name: 'root', start: '1767225600000000000', end: '1767225600100000000', attributes: { 'input.value': 'hi' } },
      { traceId, spanId: '00f067aa0ba902b8', parentSpanId: '00f067aa0ba902b7', name: 'child', start: '1767225600010000000', end: '1767225600090000000', attributes: {} },
    ]);
    const ingested = await server.app.request(OTLP, { method: 'POST', body: spans, headers: { ...admin, 'content-type': 'application/x-protobuf', 'x-mlflow-experiment-id': context.experimentId } });
    expect(ingested.status).toBe(200);
    context.traceId = (await server.store.searchTraces({ experimentIds: [context.experimentId] })).traces[0]?.traceId ?? traceId;
    const uploaded = await server.app.request(`${PROXY}/${context.experimentId}/${context.runId}/artifacts/notes.txt`, { method: 'PUT', body: 'hello', headers: { ...admin, 'content-type': 'application/octet-stream' } });
    expect(uploaded.status).toBe(200);
  });

  it(`answers ${TARGET_REQUESTS}+ malformed requests with 4xx in the route's error shape; /health stays OK and the store unchanged`, async () => {
    const before = await snapshot(server);
    const document = (await server.get('/api/assay/v1/openapi.json', as('admin'))).body;
    const requests = generateRequests(document, context);
    expect(requests.length).toBeGreaterThanOrEqual(TARGET_REQUESTS);

    const counts = new Map<string, number>();
    const failures: string[] = [];
    for (const request of requests) {
      counts.set(request.category, (counts.get(request.category) ?? 0) + 1);
      const response = await server.app.request(request.path, { method: request.method, headers: request.headers, ...(request.body !== undefined ? { body: request.body } : {}) });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      const label = `${request.category}: ${request.method} ${request.path.slice(0, 120)} (${request.headers['content-type'] ?? '-'}, ${typeof request.body === 'string' ? request.body.slice(0, 80) : request.body === undefined ? 'no body' : `${request.body.length} bytes`})`;
      if (response.status < 400 || response.status >= 500) {
        failures.push(`${response.status} ${label} -> ${text.slice(0, 200)}`);
        continue;
      }
      if (/\n\s+at /.test(text) || text.includes(server.root) || /node_modules|\.ts:\d+|file:\/\//.test(text)) failures.push(`leak ${label} -> ${text.slice(0, 200)}`);
      const isOtlp = new URL(request.path, 'http://x').pathname === OTLP;
      const contentType = response.headers.get('content-type') ?? '';
      if (isOtlp && contentType.startsWith('application/x-protobuf')) {
        const status = decodeStatus(bytes);
        if (typeof status.message !== 'string' || typeof status.code !== 'number') failures.push(`shape ${label} -> ${text.slice(0, 200)}`);
      } else {
        let body: Json;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const ok = isOtlp ? typeof body?.message === 'string' && typeof body?.code === 'number' : typeof body?.error_code === 'string' && typeof body?.message === 'string';
        if (!ok) failures.push(`shape ${response.status} ${label} -> ${text.slice(0, 200)}`);
      }
    }

    // OTLP's own rule for spans that decode but are invalid (ids of the wrong
    // length, a time that is not a number): 200 with partial_success naming
    // every span rejected, and nothing stored (the snapshot below checks).
    const admin = as('admin');
    const badIds = encodeTraceRequest({}, [{ traceId: 'ab', spanId: 'cd', name: 'short ids', start: '1', end: '2', attributes: {} }]);
    const rejected = await server.app.request(OTLP, { method: 'POST', body: badIds, headers: { ...admin, 'content-type': 'application/x-protobuf', 'x-mlflow-experiment-id': context.experimentId } });
    expect(rejected.status).toBe(200);
    expect(decodeTraceResponse(new Uint8Array(await rejected.arrayBuffer())).partial_success).toMatchObject({ rejected_spans: '1' });
    for (const span of [{ traceId: 'zz', spanId: 1 }, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), startTimeUnixNano: 'soon' }]) {
      const answer = await server.post(OTLP, { resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }, { ...admin, 'x-mlflow-experiment-id': context.experimentId });
      expect(answer).toMatchObject({ status: 200, body: { partialSuccess: { rejectedSpans: '1' } } });
    }

    const summary = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
    // The counts per category, printed by the reporter when anything fails and kept here as a record.
    console.info('bad-input requests per category', summary, 'total', requests.length);
    expect(failures).toEqual([]);
    // Nothing was unexpected: the server logged no error (it logs every 500 with its stack).
    expect(server.logs.filter((entry) => entry.level === 'error')).toEqual([]);
    expect((await server.get('/health')).status).toBe(200);
    expect(await snapshot(server)).toEqual(before);
  }, 600_000);
});
