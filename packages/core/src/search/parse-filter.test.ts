// Over 400 lines: a table of accepted and rejected filters with their positioned errors, one group per clause form.
import { describe, it, expect } from 'vitest';
import type { ComparisonNode, ComparisonOperator, FilterNode, FilterValue } from './filter-ast.js';
import { parseFilter } from './parse-filter.js';
import { RUN_FILTER_DIALECT } from './run-filter-dialect.js';
import { EXPERIMENT_FILTER_DIALECT } from './experiment-filter-dialect.js';
import { SearchSyntaxError } from './search-syntax-error.js';
import { InvalidParameterError } from '../errors/assay-error.js';

const string = (value: string): FilterValue => ({ kind: 'string', value });
const number = (value: number): FilterValue => ({ kind: 'number', value });
const list = (...values: string[]): FilterValue => ({ kind: 'list', values });

function comparison(
  entity: string,
  key: string,
  operator: ComparisonOperator,
  value: FilterValue,
  column: number,
): ComparisonNode {
  return { kind: 'comparison', field: { entity, key }, operator, value, column };
}
const and = (...operands: FilterNode[]): FilterNode => ({ kind: 'and', operands });
const or = (...operands: FilterNode[]): FilterNode => ({ kind: 'or', operands });

const parseRun = (filter: string | undefined): FilterNode | undefined => parseFilter(filter, RUN_FILTER_DIALECT);
const parseExperiment = (filter: string): FilterNode | undefined => parseFilter(filter, EXPERIMENT_FILTER_DIALECT);

function syntaxErrorOf(action: () => unknown): SearchSyntaxError {
  try {
    action();
  } catch (error) {
    if (error instanceof SearchSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a SearchSyntaxError, but parsing succeeded');
}

describe('parseFilter with the run dialect', () => {
  it('returns undefined for an absent, empty or blank filter', () => {
    expect(parseRun(undefined)).toBeUndefined();
    expect(parseRun('')).toBeUndefined();
    expect(parseRun(' \t\n ')).toBeUndefined();
  });

  it("parses MLflow's documented example into one flat AND", () => {
    expect(
      parseRun("metrics.acc > 0.9 and params.model = 'gpt-4o' and tags.team LIKE 'ml%' and attributes.status = 'FINISHED'"),
    ).toEqual(
      and(
        comparison('metric', 'acc', '>', number(0.9), 1),
        comparison('param', 'model', '=', string('gpt-4o'), 23),
        comparison('tag', 'team', 'LIKE', string('ml%'), 51),
        comparison('attribute', 'status', '=', string('FINISHED'), 76),
      ),
    );
  });

  it('returns a single comparison without a wrapping node', () => {
    expect(parseRun('  metrics.loss <= -1.5e-3  ')).toEqual(comparison('metric', 'loss', '<=', number(-0.0015), 3));
  });

  it.each([
    ['metrics.a > 1', 'metric', 'a'],
    ['metric.a > 1', 'metric', 'a'],
    ['METRICS.a > 1', 'metric', 'a'],
    ["params.a = '1'", 'param', 'a'],
    ["param.a = '1'", 'param', 'a'],
    ["parameter.a = '1'", 'param', 'a'],
    ["Parameters.a = '1'", 'param', 'a'],
    ["tags.a = '1'", 'tag', 'a'],
    ["tag.a = '1'", 'tag', 'a'],
    ["attributes.status = '1'", 'attribute', 'status'],
    ["attribute.status = '1'", 'attribute', 'status'],
    ["attr.status = '1'", 'attribute', 'status'],
    ["run.status = '1'", 'attribute', 'status'],
    ["datasets.name = '1'", 'dataset', 'name'],
    ["dataset.digest = '1'", 'dataset', 'digest'],
  ])('resolves the prefix of %s', (filter, entity, key) => {
    expect(parseRun(filter)).toMatchObject({ kind: 'comparison', field: { entity, key } });
  });

  it.each([
    ["attributes.RUN_ID = 'x'", 'run_id'],
    ["attributes.`run name` = 'x'", 'run_name'],
    ['attributes."Run Name" = \'x\'', 'run_name'],
    ["attributes.runName = 'x'", 'run_name'],
    ['attributes.created > 5', 'start_time'],
    ['attributes.end_time <= 5', 'end_time'],
    ["attributes.experiment_id = '0'", 'experiment_id'],
    ["attributes.lifecycle_stage = 'active'", 'lifecycle_stage'],
    ["datasets.CONTEXT = 'training'", 'context'],
  ])('maps attribute key aliases case-insensitively: %s', (filter, key) => {
    expect(parseRun(filter)).toMatchObject({ field: { key } });
  });

  it('reads keys with dots, colons, slashes and dashes, and quoted keys with anything', () => {
    expect(parseRun("params.model.name = 'x'")).toMatchObject({ field: { entity: 'param', key: 'model.name' } });
    expect(parseRun('metrics.eval/loss:step-1 < 2')).toMatchObject({ field: { key: 'eval/loss:step-1' } });
    expect(parseRun('metrics.`f1 score` >= 0.5')).toMatchObject({ field: { key: 'f1 score' } });
    expect(parseRun('metrics."f1 score" >= 0.5')).toMatchObject({ field: { key: 'f1 score' } });
    expect(parseRun("tags.`it``s (odd) = 'key'` = 'v'")).toMatchObject({ field: { key: "it`s (odd) = 'key'" } });
    expect(parseRun("tags.`ключ 🔑` = 'v'")).toMatchObject({ field: { key: 'ключ 🔑' } });
  });

  it('keeps the case of free keys', () => {
    expect(parseRun("tags.mlflow.runName = 'x'")).toMatchObject({ field: { entity: 'tag', key: 'mlflow.runName' } });
  });

  it('reads every operator, keywords in any case', () => {
    const operators = (filters: string[]): string[] =>
      filters.map((filter) => (parseRun(filter) as ComparisonNode).operator);
    expect(operators(['metrics.a = 1', 'metrics.a != 1', 'metrics.a > 1', 'metrics.a >= 1', 'metrics.a < 1', 'metrics.a <= 1'])).toEqual([
      '=',
      '!=',
      '>',
      '>=',
      '<',
      '<=',
    ]);
    expect(
      operators(["params.a like 'x'", "params.a ILike 'x'", "attributes.status in ('x')", "attributes.status not  In ('x')"]),
    ).toEqual(['LIKE', 'ILIKE', 'IN', 'NOT IN']);
  });

  it('needs no whitespace around symbolic operators, parentheses or strings', () => {
    expect(parseRun("metrics.a>=1 AND(params.b='x'OR params.c!='y')")).toEqual(
      and(
        comparison('metric', 'a', '>=', number(1), 1),
        or(comparison('param', 'b', '=', string('x'), 18), comparison('param', 'c', '!=', string('y'), 33)),
      ),
    );
  });

  it.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['-2.5E-2', -0.025],
    ['1e+2', 100],
  ])('reads the number %s', (text, value) => {
    expect(parseRun(`metrics.m = ${text}`)).toMatchObject({ value: number(value) });
  });

  it.each([
    ["'plain'", 'plain'],
    ['"double"', 'double'],
    ["''", ''],
    ["'it\\'s'", "it's"],
    ["'it''s'", "it's"],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"say ""hi"""', 'say "hi"'],
    ["'back\\\\slash'", 'back\\slash'],
    ["'50\\%'", '50\\%'],
    ['"it\'s"', "it's"],
    ["'a AND b OR (c)'", 'a AND b OR (c)'],
    ["'ünï 🎉'", 'ünï 🎉'],
  ])('reads the string %s', (text, value) => {
    expect(parseRun(`params.p = ${text}`)).toMatchObject({ value: string(value) });
  });

  it('reads IN and NOT IN lists', () => {
    expect(parseRun("attributes.run_id IN ('a','b')")).toEqual(comparison('attribute', 'run_id', 'IN', list('a', 'b'), 1));
    expect(parseRun(`datasets.name NOT IN ( 'x' , "y,z" , 'it''s' )`)).toEqual(
      comparison('dataset', 'name', 'NOT IN', list('x', 'y,z', "it's"), 1),
    );
    expect(parseRun("attributes.status in('FINISHED')")).toEqual(comparison('attribute', 'status', 'IN', list('FINISHED'), 1));
  });

  describe('precedence and grouping', () => {
    const a = (column: number): ComparisonNode => comparison('metric', 'a', '>', number(1), column);
    const b = (column: number): ComparisonNode => comparison('metric', 'b', '>', number(2), column);
    const c = (column: number): ComparisonNode => comparison('metric', 'c', '>', number(3), column);

    it('binds AND tighter than OR', () => {
      expect(parseRun('metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3')).toEqual(or(a(1), and(b(18), c(36))));
      expect(parseRun('metrics.a > 1 AND metrics.b > 2 OR metrics.c > 3')).toEqual(or(and(a(1), b(19)), c(36)));
    });

    it('lets parentheses override precedence', () => {
      expect(parseRun('(metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3')).toEqual(and(or(a(2), b(19)), c(38)));
      expect(parseRun('metrics.a > 1 and (metrics.b > 2 or metrics.c > 3)')).toEqual(and(a(1), or(b(20), c(37))));
    });

    it('flattens nested groups of the same kind and drops redundant parentheses', () => {
      expect(parseRun('metrics.a > 1 AND (metrics.b > 2 AND metrics.c > 3)')).toEqual(and(a(1), b(20), c(38)));
      expect(parseRun('(metrics.a > 1 OR metrics.b > 2) OR (metrics.c > 3)')).toEqual(or(a(2), b(19), c(38)));
      expect(parseRun('((( metrics.a > 1 )))')).toEqual(a(5));
    });

    it('accepts 100 levels of parentheses', () => {
      const filter = `${'('.repeat(100)}metrics.a > 1${')'.repeat(100)}`;
      expect(parseRun(filter)).toEqual(a(101));
    });
  });

  it('counts columns in characters, not UTF-16 units', () => {
    expect(parseRun("params.p = '🎉🎉' AND metrics.a > 1")).toEqual(
      and(comparison('param', 'p', '=', string('🎉🎉'), 1), comparison('metric', 'a', '>', number(1), 21)),
    );
  });

  it('rejects non-string input with a SearchSyntaxError', () => {
    expect(() => parseFilter(42 as unknown as string, RUN_FILTER_DIALECT)).toThrow(SearchSyntaxError);
  });
});

describe('parseFilter with the experiment dialect', () => {
  it('maps unprefixed identifiers to attributes', () => {
    expect(parseExperiment("name LIKE 'llm-%' AND tags.team = 'ml'")).toEqual(
      and(comparison('attribute', 'name', 'LIKE', string('llm-%'), 1), comparison('tag', 'team', '=', string('ml'), 23)),
    );
  });

  it('resolves attribute aliases and numeric keys', () => {
    expect(parseExperiment("id = '7' or attributes.creation_time > 1700000000000 or last_update_time <= 5")).toEqual(
      or(
        comparison('attribute', 'experiment_id', '=', string('7'), 1),
        comparison('attribute', 'creation_time', '>', number(1_700_000_000_000), 13),
        comparison('attribute', 'last_update_time', '<=', number(5), 57),
      ),
    );
  });

  it.each([
    ["foo = 'x'", "Invalid experiment filter: unknown identifier 'foo' at column 1. Use one of: name, experiment_id, creation_time, last_update_time, lifecycle_stage, attributes., tags.", 1],
    ["name > 'x'", "Invalid experiment filter: operator '>' is not allowed for attributes at column 6; allowed: =, !=, LIKE, ILIKE.", 6],
    ["creation_time > '5'", 'Invalid experiment filter: quoted value at column 17; values of attributes.creation_time must be numbers (remove the quotes).', 17],
    ["metrics.a > 1", "Invalid experiment filter: unknown identifier 'metrics' at column 1. Use one of: name, experiment_id, creation_time, last_update_time, lifecycle_stage, attributes., tags.", 1],
  ])('rejects %s', (filter, message, column) => {
    const error = syntaxErrorOf(() => parseExperiment(filter));
    expect(error.message).toBe(message);
    expect(error.column).toBe(column);
  });
});

describe('parseFilter errors', () => {
  it.each([
    [
      "metrics.acc > 1 andd params.x = 'y'",
      "Invalid run filter: unexpected token 'andd' at column 17. Expected AND, OR or the end of the filter.",
      17,
    ],
    [
      'metricz.acc > 1',
      "Invalid run filter: unknown identifier 'metricz' at column 1. Use one of: metrics., params., tags., attributes., datasets.",
      1,
    ],
    [
      "params.lr > '1'",
      "Invalid run filter: operator '>' is not allowed for params at column 11; allowed: =, !=, LIKE, ILIKE.",
      11,
    ],
    ['params.lr = 0.1', "Invalid run filter: unquoted value at column 13; values of params must be quoted strings, e.g. '0.1'.", 13],
    [
      'tags.team = ml',
      "Invalid run filter: unquoted value at column 13; values of tags must be quoted strings, e.g. 'ml'.",
      13,
    ],
    [
      "params.lr = 'abc AND metrics.a > 1",
      "Invalid run filter: unterminated string starting at column 13. Close it with a matching ' (write \\' or '' for a ' inside it).",
      13,
    ],
    [
      "params.lr = 'abc\\'",
      "Invalid run filter: unterminated string starting at column 13. Close it with a matching ' (write \\' or '' for a ' inside it).",
      13,
    ],
    ['metrics.`f1 score > 1', 'Invalid run filter: unterminated quoted key starting at column 9. Close it with a matching `.', 9],
    ["metrics.acc > '0.9'", 'Invalid run filter: quoted value at column 15; values of metrics must be numbers (remove the quotes).', 15],
    ["metrics.acc > 'high'", 'Invalid run filter: quoted value at column 15; values of metrics must be numbers.', 15],
    ['metrics.acc > high', "Invalid run filter: invalid number 'high' at column 15. Values of metrics must be numbers, e.g. 0.9.", 15],
    ['metrics.acc > 1e999', "Invalid run filter: number '1e999' at column 15 is out of range.", 15],
    [
      "metrics.acc LIKE '1%'",
      "Invalid run filter: operator 'LIKE' is not allowed for metrics at column 13; allowed: =, !=, >, >=, <, <=.",
      13,
    ],
    [
      "attributes.start_time IN ('1')",
      "Invalid run filter: operator 'IN' is not allowed for attributes.start_time at column 23; allowed: =, !=, >, >=, <, <=.",
      23,
    ],
    [
      "attributes.run_uuid = 'x'",
      "Invalid run filter: unknown key 'run_uuid' for attributes at column 12; allowed: run_id, run_name, status, user_id, artifact_uri, start_time, end_time, experiment_id, lifecycle_stage.",
      12,
    ],
    [
      "datasets.size = '1'",
      "Invalid run filter: unknown key 'size' for datasets at column 10; allowed: name, digest, context.",
      10,
    ],
    ["params.__proto__ = 'x' AND attributes.__proto__ = 'x'", "Invalid run filter: unknown key '__proto__' for attributes at column 39; allowed: run_id, run_name, status, user_id, artifact_uri, start_time, end_time, experiment_id, lifecycle_stage.", 39],
    ['metrics > 1', "Invalid run filter: identifier 'metrics' at column 1 needs a key, e.g. metrics.<key>.", 1],
    [
      'acc > 1',
      "Invalid run filter: unknown identifier 'acc' at column 1. Use one of: metrics., params., tags., attributes., datasets.",
      1,
    ],
    [
      'metrics. > 1',
      "Invalid run filter: expected a key after 'metrics.' at column 9. Quote keys that contain spaces or other characters with backticks, e.g. metrics.`f1 score`.",
      9,
    ],
    ['metrics.`` > 1', "Invalid run filter: empty key at column 9. Write a key after 'metrics.'.", 9],
    [
      'metrics.f1 score > 1',
      "Invalid run filter: unexpected token 'score' at column 12. Expected an operator for metrics (=, !=, >, >=, <, <=). If the key contains spaces, quote it with backticks, e.g. metrics.`f1 score`.",
      12,
    ],
    ['metrics.a == 1', "Invalid run filter: unknown operator '==' at column 11. Allowed for metrics: =, !=, >, >=, <, <=.", 11],
    [
      "attributes.status NOT LIKE 'x'",
      "Invalid run filter: unexpected token 'LIKE' at column 23. Expected IN after NOT (NOT is only supported as NOT IN).",
      23,
    ],
    [
      'NOT metrics.a > 1',
      "Invalid run filter: unexpected NOT at column 1. NOT is only supported as NOT IN, e.g. attributes.status NOT IN ('FAILED').",
      1,
    ],
    [
      'metrics.a >',
      'Invalid run filter: unexpected end of the filter at column 12. Expected a number after \'>\'.',
      12,
    ],
    [
      "params.a = ('x')",
      "Invalid run filter: unexpected token '(' at column 12. Expected a quoted string after '='; lists are only allowed after IN and NOT IN.",
      12,
    ],
    [
      "attributes.status IN 'x'",
      "Invalid run filter: unexpected token 'x' at column 22. Expected '(' and a list of quoted strings after IN, e.g. IN ('a', 'b').",
      22,
    ],
    [
      'attributes.status IN ()',
      "Invalid run filter: IN list at column 22 is empty; give at least one quoted string, e.g. IN ('a', 'b').",
      22,
    ],
    [
      "attributes.status IN ('a',)",
      "Invalid run filter: unexpected token ')' at column 27. Expected a quoted string.",
      27,
    ],
    [
      "attributes.status IN ('a' 'b')",
      "Invalid run filter: unexpected token 'b' at column 27. Expected ',' or ')' to close the list opened at column 22.",
      27,
    ],
    [
      'attributes.status IN (FINISHED)',
      "Invalid run filter: unquoted value at column 23; IN lists hold quoted strings, e.g. 'FINISHED'.",
      23,
    ],
    ["params.p LIKE 5", "Invalid run filter: unquoted value at column 15; values of params must be quoted strings, e.g. '5'.", 15],
    [
      'metrics.a > 1 AND',
      'Invalid run filter: unexpected end of the filter at column 18. Expected an identifier. Use one of: metrics., params., tags., attributes., datasets.',
      18,
    ],
    [
      'metrics.a > 1 OR OR metrics.b > 1',
      "Invalid run filter: unexpected token 'OR' at column 18. Expected an identifier. Use one of: metrics., params., tags., attributes., datasets.",
      18,
    ],
    [
      "(metrics.a > 1 OR params.b = 'x'",
      "Invalid run filter: unexpected end of the filter at column 33. Expected AND, OR or ')' to close the '(' at column 1.",
      33,
    ],
    ['metrics.a > 1)', "Invalid run filter: unmatched ')' at column 14. Remove it or add the '(' it closes.", 14],
    [
      '()',
      "Invalid run filter: unexpected token ')' at column 2. Expected an identifier. Use one of: metrics., params., tags., attributes., datasets.",
      2,
    ],
    [
      "params.a = 'x' 'y'",
      "Invalid run filter: unexpected token 'y' at column 16. Expected AND, OR or the end of the filter.",
      16,
    ],
    [
      'metrics.a > 1abc',
      "Invalid run filter: invalid number '1abc' at column 13. Values of metrics must be numbers, e.g. 0.9.",
      13,
    ],
    [
      "params.p = '🎉' andd",
      "Invalid run filter: unexpected token 'andd' at column 16. Expected AND, OR or the end of the filter.",
      16,
    ],
    [
      '\u0000metrics.a > 1',
      "Invalid run filter: unexpected token '\\u0000' at column 1. Expected an identifier. Use one of: metrics., params., tags., attributes., datasets.",
      1,
    ],
    [
      "'x' = params.a",
      "Invalid run filter: unexpected token 'x' at column 1. Expected an identifier. Use one of: metrics., params., tags., attributes., datasets.",
      1,
    ],
    [
      "params.a = 'x'; DROP TABLE runs; --",
      "Invalid run filter: unexpected token ';' at column 15. Expected AND, OR or the end of the filter.",
      15,
    ],
  ])('%s', (filter, message, column) => {
    const error = syntaxErrorOf(() => parseRun(filter));
    expect(error.message).toBe(message);
    expect(error.column).toBe(column);
    expect(error.filter).toBe(filter);
  });

  it('is an InvalidParameterError with the INVALID_PARAMETER_VALUE code', () => {
    const error = syntaxErrorOf(() => parseRun('metrics.a >'));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.name).toBe('SearchSyntaxError');
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('limits nesting to 100 levels with a clear message', () => {
    const error = syntaxErrorOf(() => parseRun(`${'('.repeat(101)}metrics.a > 1${')'.repeat(101)}`));
    expect(error.message).toBe('Invalid run filter: parentheses nest more than 100 levels deep at column 101. Simplify the filter.');
    expect(error.column).toBe(101);
  });

  it('shortens huge tokens in messages', () => {
    const error = syntaxErrorOf(() => parseRun(`metrics.a > 1 ${'x'.repeat(10_000)}`));
    expect(error.message).toBe(
      `Invalid run filter: unexpected token '${'x'.repeat(40)}…' at column 15. Expected AND, OR or the end of the filter.`,
    );
  });
});

describe('parseFilter on hostile input', () => {
  // How fast these parse is measured in bench/search (machine speed is no test's business).
  /** Parses, returning the tree or the SearchSyntaxError; any other error (a stack overflow) fails the test. */
  const outcome = (input: string): FilterNode | SearchSyntaxError | undefined => {
    try {
      return parseRun(input);
    } catch (error) {
      expect(error).toBeInstanceOf(SearchSyntaxError);
      return error as SearchSyntaxError;
    }
  };

  it('answers 1 MB inputs with a tree or a SearchSyntaxError, never a stack overflow', () => {
    const size = 1_000_000;
    const inputs = [
      '('.repeat(size),
      `${'('.repeat(size)}${')'.repeat(size)}`,
      `params.a = '${'x'.repeat(size)}`,
      `params.a = '${"''".repeat(size / 2)}`,
      `params.a = '${'\\'.repeat(size)}`,
      'metrics.'.repeat(size / 8),
      `metrics.a > ${'9'.repeat(size)}`,
      `metrics.\`${'`'.repeat(size)}`,
      `attributes.status IN (${"'a',".repeat(size / 4)}`,
      '🎉'.repeat(size),
      ' '.repeat(size),
    ];
    const outcomes = inputs.map(outcome);
    // Only the blank filter means "no filter"; the others are malformed or nest too deep.
    expect(outcomes.map((result) => (result instanceof SearchSyntaxError ? 'error' : result))).toEqual([...Array(10).fill('error'), undefined]);
    expect((outcomes[1] as SearchSyntaxError).message).toContain('parentheses nest more than 100 levels deep');
  });

  it('parses a long flat filter into one AND node with every comparison', () => {
    const filter = Array.from({ length: 20_000 }, (_, index) => `metrics.m${index} > ${index}`).join(' AND ');
    const tree = outcome(filter);
    expect(tree).toMatchObject({ kind: 'and' });
    expect((tree as { operands: FilterNode[] }).operands).toHaveLength(20_000);
    expect((tree as { operands: FilterNode[] }).operands[19_999]).toEqual(
      comparison('metric', 'm19999', '>', number(19_999), filter.lastIndexOf('metrics.m19999') + 1),
    );
  });
});
