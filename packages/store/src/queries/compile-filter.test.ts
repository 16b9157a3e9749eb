import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidParameterError,
  REGISTERED_MODEL_FILTER_DIALECT,
  RUN_FILTER_DIALECT,
  TRACE_FILTER_DIALECT,
  parseFilter,
  parseOrderBy,
  type ComparisonNode,
  type FilterNode,
} from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { SqlParameters, compileFilter, compileOrderBy, decodePageToken, encodePageToken, type FilterMapping } from './compile-filter.js';
import { REGISTERED_MODEL_FILTER_MAPPING } from '../registry/registry-filter-mappings.js';
import { EXPERIMENT_FILTER_MAPPING } from './experiment-filter-mapping.js';
import { RUN_FILTER_MAPPING } from './run-filter-mapping.js';
import { TRACE_FILTER_MAPPING } from './trace-filter-mapping.js';

/** Compiles a filter of a dialect with a mapping; returns the SQL and its bound values. */
function compiled(filter: string | FilterNode, mapping: FilterMapping = RUN_FILTER_MAPPING, dialect = RUN_FILTER_DIALECT): { sql: string; values: unknown[] } {
  const parameters = new SqlParameters();
  const sql = compileFilter(typeof filter === 'string' ? parseFilter(filter, dialect)! : filter, mapping, parameters);
  return { sql, values: parameters.values };
}

/** A comparison the dialects may not allow (they restrict operators per field); the compiler handles every one. */
function comparison(entity: string, key: string, operator: ComparisonNode['operator'], value: ComparisonNode['value']): ComparisonNode {
  return { kind: 'comparison', field: { entity, key }, operator, value, column: 1 };
}

const keyed = (table: string, predicate: string): string => `r.run_key IN (SELECT k.run_key FROM ${table} k WHERE ${predicate})`;
/** A key/value table's comparison: the key compared in the scan (below OFFSET 0), the value on that key's rows. */
const byKey = (table: string, key: string, predicate: string, id = 'r.run_key', idColumn = 'run_key', keyColumn = 'key'): string =>
  `${id} IN (SELECT k.${idColumn} FROM (SELECT * FROM ${table} WHERE ${keyColumn} = ${key} OFFSET 0) k WHERE ${predicate})`;

describe('SqlParameters', () => {
  it('numbers placeholders from $1 in the order values are added', () => {
    const parameters = new SqlParameters();
    expect([parameters.add('a'), parameters.add(2), parameters.add(null)]).toEqual(['$1', '$2', '$3']);
    expect(parameters.values).toEqual(['a', 2, null]);
  });
});

describe('compileFilter', () => {
  it.each([
    ['=', "attributes.status = 'FINISHED'", 'r.status = $1', ['FINISHED']],
    ['!=', "attributes.status != 'FAILED'", 'r.status != $1', ['FAILED']],
    ['>', 'attributes.start_time > 5', 'r.start_time > $1', [5]],
    ['>=', 'attributes.start_time >= 5', 'r.start_time >= $1', [5]],
    ['<', 'attributes.end_time < 5', 'r.end_time < $1', [5]],
    ['<=', 'attributes.end_time <= 5', 'r.end_time <= $1', [5]],
    ['LIKE', "attributes.run_name LIKE 'eval-%'", 'r.run_name LIKE $1', ['eval-%']],
    ['ILIKE', "attributes.run_name ILIKE 'EVAL-%'", 'r.run_name ILIKE $1', ['EVAL-%']],
    ['RLIKE', comparison('attribute', 'run_name', 'RLIKE', { kind: 'string', value: '^eval' }), 'regexp_matches(r.run_name, $1)', ['^eval']],
    ['IN', "attributes.status IN ('FINISHED', 'FAILED')", 'r.status IN ($1, $2)', ['FINISHED', 'FAILED']],
    ['NOT IN', "attributes.status NOT IN ('KILLED')", 'r.status NOT IN ($1)', ['KILLED']],
  ])('compiles %s on a column of the searched row', (_operator, filter, sql, values) => {
    expect(compiled(filter)).toEqual({ sql, values });
  });

  it.each([
    ['a metric', 'metrics.acc > 0.9', byKey('latest_metrics', '$1', 'k.value > $2'), ['acc', 0.9]],
    ['a param', "params.model = 'gpt-4o'", byKey('params', '$1', 'k.value = $2'), ['model', 'gpt-4o']],
    ['a tag', "tags.team LIKE 'ml%'", byKey('tags', '$1', 'k.value LIKE $2'), ['team', 'ml%']],
    ['a tag list', comparison('tag', 'team', 'IN', { kind: 'list', values: ['a', 'b'] }), byKey('tags', '$1', 'k.value IN ($2, $3)'), ['team', 'a', 'b']],
    ['a dataset (no key column)', "datasets.name = 'qa'", keyed('run_inputs', 'k.dataset_name = $1'), ['qa']],
  ])('compiles %s as an uncorrelated IN over its key/value table', (_kind, filter, sql, values) => {
    expect(compiled(filter)).toEqual({ sql, values });
  });

  it('parenthesises AND and OR, keeping parameter order', () => {
    expect(compiled("metrics.acc > 1 and (params.model = 'x' or attributes.status = 'FAILED')")).toEqual({
      sql: `(${byKey('latest_metrics', '$1', 'k.value > $2')} AND (${byKey('params', '$3', 'k.value = $4')} OR r.status = $5))`,
      values: ['acc', 1, 'model', 'x', 'FAILED'],
    });
  });

  it('nests the key/value comparisons of an AND into one IN, each narrowed by the next, keeping the other operands', () => {
    const narrowed = (table: string, key: string, predicate: string, inner?: string): string =>
      `SELECT k.run_key FROM (SELECT * FROM ${table} WHERE key = ${key} OFFSET 0) k WHERE ${predicate}${inner === undefined ? '' : ` AND k.run_key IN (${inner})`}`;
    expect(compiled("metrics.acc > 1 and attributes.status = 'FAILED' and params.model = 'x' and datasets.name = 'qa'")).toEqual({
      sql:
        `(r.run_key IN (${narrowed('latest_metrics', '$1', 'k.value > $2', narrowed('params', '$4', 'k.value = $5', 'SELECT k.run_key FROM run_inputs k WHERE k.dataset_name = $6'))})` +
        ' AND r.status = $3)',
      values: ['acc', 1, 'FAILED', 'model', 'x', 'qa'],
    });
    // Inside OR, or alone, each stays its own IN.
    expect(compiled("(metrics.acc > 1 or params.model = 'x') and tags.team = 'ml'")).toEqual({
      sql: `((${byKey('latest_metrics', '$1', 'k.value > $2')} OR ${byKey('params', '$3', 'k.value = $4')}) AND ${byKey('tags', '$5', 'k.value = $6')})`,
      values: ['acc', 1, 'model', 'x', 'team', 'ml'],
    });
  });

  it('maps the experiment and trace dialects onto their tables', () => {
    expect(compiled("tags.team = 'ml'", EXPERIMENT_FILTER_MAPPING)).toEqual({
      sql: byKey('experiment_tags', '$1', 'k.value = $2', 'e.experiment_id', 'experiment_id'),
      values: ['team', 'ml'],
    });
    expect(compiled("trace.status = 'ERROR'", TRACE_FILTER_MAPPING, TRACE_FILTER_DIALECT)).toEqual({ sql: 't.state = $1', values: ['ERROR'] });
    expect(compiled("span.attributes.llm.model LIKE 'gpt%'", TRACE_FILTER_MAPPING, TRACE_FILTER_DIALECT)).toEqual({
      sql: 't.trace_id IN (SELECT k.trace_id FROM spans k WHERE json_extract_string(k.attributes, $1) LIKE $2)',
      values: ['/llm.model', 'gpt%'],
    });
    expect(compiled("trace.text ILIKE '%refund%'", TRACE_FILTER_MAPPING, TRACE_FILTER_DIALECT)).toEqual({
      sql: "t.trace_id IN (SELECT k.trace_id FROM spans k WHERE concat_ws(' ', k.name, k.inputs, k.outputs) ILIKE $1)",
      values: ['%refund%'],
    });
  });

  it('maps session, user and cost to trace columns, and assessments to valid rows of their kind, numbers to their number column', () => {
    const trace = (filter: string): { sql: string; values: unknown[] } => compiled(filter, TRACE_FILTER_MAPPING, TRACE_FILTER_DIALECT);
    expect(trace("trace.session_id = 's-1' and trace.user_id != 'ada'")).toEqual({ sql: '(t.session_id = $1 AND t.user_id != $2)', values: ['s-1', 'ada'] });
    expect(trace('cost.total > 0.01 or cost.output <= 2')).toEqual({ sql: '(t.total_cost > $1 OR t.output_cost <= $2)', values: [0.01, 2] });
    const assessed = (kind: string, predicate: string): string =>
      byKey('assessments', '$1', `k.kind = '${kind}' AND k.valid AND ${predicate}`, 't.trace_id', 'trace_id', 'name');
    expect(trace('feedback.rating > 3')).toEqual({ sql: assessed('feedback', 'k.value_number > $2'), values: ['rating', 3] });
    expect(trace("feedback.rating = 'high'")).toEqual({ sql: assessed('feedback', 'k.value_text = $2'), values: ['rating', 'high'] });
    expect(trace("expectation.answer ILIKE '%paris%'")).toEqual({ sql: assessed('expectation', 'k.value_text ILIKE $2'), values: ['answer', '%paris%'] });
    expect(trace("expectation.answer NOT IN ('a')")).toEqual({ sql: assessed('expectation', 'k.value_text NOT IN ($2)'), values: ['answer', 'a'] });
    const orderBy = compileOrderBy(parseOrderBy(['cost.total DESC'], TRACE_FILTER_DIALECT), TRACE_FILTER_MAPPING, new SqlParameters());
    expect(orderBy).toEqual({ joins: [], terms: ['t.total_cost DESC NULLS LAST'] });
  });

  it('keeps injection attempts in parameters: neither values nor keys reach the SQL text', () => {
    const attack = "x' OR 1=1; DROP TABLE runs; --";
    const fromValue = compiled(`params.model = '${attack.replaceAll("'", "''")}'`);
    expect(fromValue).toEqual({ sql: byKey('params', '$1', 'k.value = $2'), values: ['model', attack] });
    const fromKey = compiled(`params.\`${attack}\` = 'v'`);
    expect(fromKey).toEqual({ sql: byKey('params', '$1', 'k.value = $2'), values: [attack, 'v'] });
    const fromJsonKey = compiled(`span.attributes.\`a/b~'); DROP TABLE spans; --\` LIKE 'v'`, TRACE_FILTER_MAPPING, TRACE_FILTER_DIALECT);
    expect(fromJsonKey.values).toEqual(["/a~1b~0'); DROP TABLE spans; --", 'v']);
    const fromFeedbackName = compiled(`feedback.\`${attack}\` = 'v'`, TRACE_FILTER_MAPPING, TRACE_FILTER_DIALECT);
    expect(fromFeedbackName.values).toEqual([attack, 'v']);
    for (const { sql } of [fromValue, fromKey, fromJsonKey, fromFeedbackName]) expect(sql).not.toMatch(/DROP|OR 1=1/u);
  });

  it('refuses a list with another operator than IN, IN without a list, and fields the mapping does not know', () => {
    const node = (operator: ComparisonNode['operator'], value: ComparisonNode['value']): FilterNode => ({
      kind: 'comparison',
      field: { entity: 'attribute', key: 'status' },
      operator,
      value,
      column: 1,
    });
    const compile = (filter: FilterNode, mapping: FilterMapping = RUN_FILTER_MAPPING) => (): string => compileFilter(filter, mapping, new SqlParameters());
    expect(compile(node('=', { kind: 'list', values: ['a'] }))).toThrow(new InvalidParameterError('Operator = cannot take a list; use IN.'));
    expect(compile(node('IN', { kind: 'string', value: 'a' }))).toThrow(new InvalidParameterError("IN needs a list of quoted values, like ('a', 'b')."));
    expect(compile(node('=', { kind: 'string', value: 'a' }), EXPERIMENT_FILTER_MAPPING)).toThrow(
      new InvalidParameterError("Cannot filter on 'attribute.status'."),
    );
  });

  it('refuses more than 100 comparisons on metrics, params or tags: DuckDB cannot plan them in reasonable time', () => {
    const comparisons = (count: number) => parseFilter(Array.from({ length: count }, (_, index) => `metrics.m${index} > 1`).join(' OR '), RUN_FILTER_DIALECT)!;
    expect(() => compileFilter(comparisons(100), RUN_FILTER_MAPPING, new SqlParameters())).not.toThrow();
    expect(() => compileFilter(comparisons(101), RUN_FILTER_MAPPING, new SqlParameters())).toThrow(
      new InvalidParameterError('Invalid filter: it compares more than 100 metrics, params or tags. Simplify it (IN takes a list of values).'),
    );
    // Columns of the searched row cost no subquery and are not counted.
    const columns = parseFilter(Array.from({ length: 1000 }, (_, index) => `attributes.run_name = 'r${index}'`).join(' OR '), RUN_FILTER_DIALECT)!;
    expect(() => compileFilter(columns, RUN_FILTER_MAPPING, new SqlParameters())).not.toThrow();
  });
});

describe('compileFilter on a table whose missing keys count as unequal (the registry tags)', () => {
  const tags = REGISTERED_MODEL_FILTER_MAPPING;
  const dialect = REGISTERED_MODEL_FILTER_DIALECT;

  it('!= and NOT IN match rows without the key: the ids NOT IN those that have an equal value', () => {
    expect(compiled("tags.`mlflow.prompt.is_prompt` != 'true'", tags, dialect)).toEqual({
      sql: `m.model_key NOT IN (SELECT k.model_key FROM (SELECT * FROM registered_model_tags WHERE key = $1 OFFSET 0) k WHERE k.value = $2)`,
      values: ['mlflow.prompt.is_prompt', 'true'],
    });
    expect(compiled("tags.team NOT IN ('a', 'b')", tags, dialect)).toEqual({
      sql: `m.model_key NOT IN (SELECT k.model_key FROM (SELECT * FROM registered_model_tags WHERE key = $1 OFFSET 0) k WHERE k.value IN ($2, $3))`,
      values: ['team', 'a', 'b'],
    });
  });

  it('the other operators compile as on any key/value table', () => {
    expect(compiled("tags.team = 'ml'", tags, dialect).sql).toBe(byKey('registered_model_tags', '$1', 'k.value = $2', 'm.model_key', 'model_key'));
  });
});

describe('the compiled SQL on DuckDB', () => {
  let store: DuckDbStore;
  beforeAll(async () => {
    store = await DuckDbStore.open({ path: ':memory:' });
    const run = await store.createRun({ experimentId: '0', runName: "o'brien" });
    await store.logBatch({ runId: run.info.runId, params: [{ key: 'model', value: "x' OR 1=1; --" }] });
    await store.createRun({ experimentId: '0', runName: 'other' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('matches quotes and injection text literally and leaves the tables alone', async () => {
    const search = async (filter: string): Promise<string[]> =>
      (await store.searchRuns({ experimentIds: ['0'], filter })).runs.map((run) => run.info.runName);
    expect(await search("attributes.run_name = 'o''brien'")).toEqual(["o'brien"]);
    expect(await search("params.model = 'x'' OR 1=1; --'")).toEqual(["o'brien"]);
    expect(await search("attributes.run_name = 'nobody'' OR ''1''=''1'")).toEqual([]);
    expect(await search("params.`model' OR 1=1 --` = 'x'")).toEqual([]);
    expect((await store.sql({ query: 'SELECT count(*) FROM runs' })).rows).toEqual([[2]]);
  });
});

describe('ANDed key/value comparisons on DuckDB', () => {
  let store: DuckDbStore;
  const names = async (filter: string): Promise<string[]> =>
    (await store.searchRuns({ experimentIds: ['0'], filter, orderBy: ['attributes.run_name ASC'] })).runs.map((run) => run.info.runName!);
  beforeAll(async () => {
    store = await DuckDbStore.open({ path: ':memory:' });
    // Every mix of: metric acc high or low (or none), param model a or b, tag team ml or not.
    for (const acc of [0.9, 0.1, undefined]) {
      for (const model of ['a', 'b']) {
        for (const team of ['ml', 'web']) {
          const run = await store.createRun({ experimentId: '0', runName: `${acc ?? 'none'}-${model}-${team}`, tags: { team } });
          await store.logBatch({ runId: run.info.runId, params: [{ key: 'model', value: model }], metrics: acc === undefined ? [] : [{ key: 'acc', value: acc, timestamp: 1, step: 0 }] });
        }
      }
    }
  });
  afterAll(async () => {
    await store.close();
  });

  it('finds the runs that meet every comparison, with columns and ORs beside them', async () => {
    expect(await names("metrics.acc > 0.5 and params.model = 'a' and tags.team = 'ml'")).toEqual(['0.9-a-ml']);
    expect(await names("metrics.acc < 0.5 and tags.team != 'ml'")).toEqual(['0.1-a-web', '0.1-b-web']);
    expect(await names("params.model = 'b' and attributes.run_name LIKE 'none%' and tags.team = 'web'")).toEqual(['none-b-web']);
    expect(await names("(metrics.acc > 0.5 or tags.team = 'web') and params.model = 'b' and metrics.acc >= 0")).toEqual(['0.1-b-web', '0.9-b-ml', '0.9-b-web']);
    expect(await names("metrics.acc > 0.5 and metrics.acc < 0.5")).toEqual([]);
  });

  it('runs the most comparisons a filter may have, all ANDed', async () => {
    const filter = Array.from({ length: 100 }, (_, index) => (index % 2 === 0 ? "params.model = 'a'" : "tags.team = 'ml'")).join(' and ');
    expect(await names(filter)).toEqual(['0.1-a-ml', '0.9-a-ml', 'none-a-ml']);
  });
});

describe('compileOrderBy', () => {
  it('orders by columns directly and by keyed values through LEFT JOINs, missing values last', () => {
    const parameters = new SqlParameters();
    const order = compileOrderBy(
      parseOrderBy(['attributes.start_time ASC', 'metrics.`rouge 1` DESC', 'params.model'], RUN_FILTER_DIALECT),
      RUN_FILTER_MAPPING,
      parameters,
    );
    expect(order).toEqual({
      joins: [
        'LEFT JOIN latest_metrics o1 ON o1.run_key = r.run_key AND o1.key = $1',
        'LEFT JOIN params o2 ON o2.run_key = r.run_key AND o2.key = $2',
      ],
      terms: ['r.start_time ASC NULLS LAST', 'o1.value DESC NULLS LAST', 'o2.value ASC NULLS LAST'],
    });
    expect(parameters.values).toEqual(['rouge 1', 'model']);
  });

  it('refuses to order by a field without a key column or unknown to the mapping', () => {
    const orderBy = (entity: string, key: string, mapping: FilterMapping) => (): unknown =>
      compileOrderBy([{ field: { entity, key }, ascending: true }], mapping, new SqlParameters());
    expect(orderBy('dataset', 'name', RUN_FILTER_MAPPING)).toThrow(new InvalidParameterError("Cannot order by 'dataset.name'."));
    expect(orderBy('metric', 'acc', EXPERIMENT_FILTER_MAPPING)).toThrow(new InvalidParameterError("Cannot order by 'metric.acc'."));
  });
});

describe('page tokens', () => {
  it('round-trip an offset; absent or empty is the first page', () => {
    expect(decodePageToken(encodePageToken(1000))).toBe(1000);
    expect(decodePageToken(undefined)).toBe(0);
    expect(decodePageToken('')).toBe(0);
  });

  it.each(['not-a-token', Buffer.from('{"offset":-1}').toString('base64url'), Buffer.from('{"offset":1.5}').toString('base64url')])(
    'refuses %s, saying what to pass',
    (token) => {
      expect(() => decodePageToken(token)).toThrow(
        new InvalidParameterError(`Invalid page token '${token}': pass back the nextPageToken of a previous search unchanged.`),
      );
    },
  );
});
