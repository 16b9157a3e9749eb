import { describe, it, expect } from 'vitest';
import { parseOrderBy } from './parse-order-by.js';
import { RUN_FILTER_DIALECT } from './run-filter-dialect.js';
import { EXPERIMENT_FILTER_DIALECT } from './experiment-filter-dialect.js';
import { SearchSyntaxError } from './search-syntax-error.js';

function syntaxErrorOf(action: () => unknown): SearchSyntaxError {
  try {
    action();
  } catch (error) {
    if (error instanceof SearchSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a SearchSyntaxError, but parsing succeeded');
}

describe('parseOrderBy', () => {
  it('returns no clauses for undefined or an empty list', () => {
    expect(parseOrderBy(undefined, RUN_FILTER_DIALECT)).toEqual([]);
    expect(parseOrderBy([], RUN_FILTER_DIALECT)).toEqual([]);
  });

  it("parses MLflow's example with directions in any case, ascending by default", () => {
    expect(
      parseOrderBy(['metrics.rmse ASC', 'params.lr desc', '  attributes.start_time  DESC ', 'tags.`team name`'], RUN_FILTER_DIALECT),
    ).toEqual([
      { field: { entity: 'metric', key: 'rmse' }, ascending: true },
      { field: { entity: 'param', key: 'lr' }, ascending: false },
      { field: { entity: 'attribute', key: 'start_time' }, ascending: false },
      { field: { entity: 'tag', key: 'team name' }, ascending: true },
    ]);
  });

  it('resolves prefix and key aliases', () => {
    expect(parseOrderBy(['run.created Desc', 'metric."f1 score"', 'attr.`Run Name`'], RUN_FILTER_DIALECT)).toEqual([
      { field: { entity: 'attribute', key: 'start_time' }, ascending: false },
      { field: { entity: 'metric', key: 'f1 score' }, ascending: true },
      { field: { entity: 'attribute', key: 'run_name' }, ascending: true },
    ]);
  });

  it('accepts unprefixed attributes in the experiment dialect', () => {
    expect(parseOrderBy(['name', 'id DESC', 'attributes.last_update_time asc'], EXPERIMENT_FILTER_DIALECT)).toEqual([
      { field: { entity: 'attribute', key: 'name' }, ascending: true },
      { field: { entity: 'attribute', key: 'experiment_id' }, ascending: false },
      { field: { entity: 'attribute', key: 'last_update_time' }, ascending: true },
    ]);
  });

  it.each([
    [
      ['metrics.acc DESC', 'metrics.loss DESCC'],
      "Invalid order_by[1] 'metrics.loss DESCC': unexpected token 'DESCC' at column 14. Expected ASC, DESC or the end of the clause.",
      14,
    ],
    [
      ['metrics.acc DESC nulls'],
      "Invalid order_by[0] 'metrics.acc DESC nulls': unexpected token 'nulls' at column 18. Expected the end of the clause.",
      18,
    ],
    [
      ['datasets.name'],
      "Invalid order_by[0] 'datasets.name': datasets cannot be used to sort results (at column 1). Use one of: metrics., params., tags., attributes.",
      1,
    ],
    [
      ['metricz.acc'],
      "Invalid order_by[0] 'metricz.acc': unknown identifier 'metricz' at column 1. Use one of: metrics., params., tags., attributes., datasets.",
      1,
    ],
    [
      ['attributes.size ASC'],
      "Invalid order_by[0] 'attributes.size ASC': unknown key 'size' for attributes at column 12; allowed: run_id, run_name, status, user_id, artifact_uri, start_time, end_time, experiment_id, lifecycle_stage.",
      12,
    ],
    [
      ['metrics.`f1 score DESC'],
      "Invalid order_by[0] 'metrics.`f1 score DESC': unterminated quoted key starting at column 9. Close it with a matching `.",
      9,
    ],
    [
      ['  '],
      "Invalid order_by[0] '  ': the clause is empty at column 3. Write an identifier and an optional ASC or DESC, e.g. metrics.acc DESC.",
      3,
    ],
    [
      ['metrics.a, metrics.b'],
      "Invalid order_by[0] 'metrics.a, metrics.b': unexpected token ',' at column 10. Expected ASC, DESC or the end of the clause.",
      10,
    ],
  ])('rejects %j', (clauses, message, column) => {
    const error = syntaxErrorOf(() => parseOrderBy(clauses, RUN_FILTER_DIALECT));
    expect(error.message).toBe(message);
    expect(error.column).toBe(column);
  });

  it('rejects tags in the experiment dialect, which cannot be sorted on', () => {
    expect(syntaxErrorOf(() => parseOrderBy(['tags.team'], EXPERIMENT_FILTER_DIALECT)).message).toBe(
      "Invalid order_by[0] 'tags.team': tags cannot be used to sort results (at column 1). Use one of: attributes.",
    );
  });

  it('rejects values that are not lists of strings with a SearchSyntaxError', () => {
    expect(() => parseOrderBy('metrics.a' as unknown as string[], RUN_FILTER_DIALECT)).toThrow(SearchSyntaxError);
    expect(() => parseOrderBy([42] as unknown as string[], RUN_FILTER_DIALECT)).toThrow(
      'Invalid order_by[0]: each order_by clause must be a string, got number.',
    );
  });
});
