// Over 400 lines: the generators of valid and broken filters for every dialect live beside the properties they drive.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { ComparisonNode, ComparisonOperator, FilterNode, FilterValue } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';
import { parseFilter } from './parse-filter.js';
import { parseOrderBy } from './parse-order-by.js';
import { RUN_FILTER_DIALECT } from './run-filter-dialect.js';
import { EXPERIMENT_FILTER_DIALECT } from './experiment-filter-dialect.js';
import { TRACE_FILTER_DIALECT } from './trace-filter-dialect.js';
import { SearchSyntaxError } from './search-syntax-error.js';

const RUNS_PER_PROPERTY = 1_500;
const DIALECTS: readonly FilterDialect[] = [RUN_FILTER_DIALECT, EXPERIMENT_FILTER_DIALECT, TRACE_FILTER_DIALECT];
const BARE_KEY = /^[A-Za-z0-9_.:/-]+$/u;
const PATTERN_OPERATORS: readonly ComparisonOperator[] = ['LIKE', 'ILIKE', 'RLIKE'];

/** Parses, and accepts only a tree or a well-formed SearchSyntaxError. */
function parseOrSyntaxError(parse: () => unknown, text: string): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(SearchSyntaxError);
    const syntaxError = error as SearchSyntaxError;
    expect(syntaxError.message).toMatch(/^Invalid /u);
    expect(syntaxError.column).toBeGreaterThanOrEqual(1);
    expect(syntaxError.column).toBeLessThanOrEqual(Array.from(text).length + 1);
  }
}

const tokenSoup = fc
  .array(
    fc.constantFrom(
      'metrics.acc',
      'params.x',
      'tags.`a b`',
      'attributes.status',
      'run.created',
      'datasets.name',
      'name',
      'id',
      'metrics.',
      'tags.',
      '`',
      "'",
      '"',
      '\\',
      '(',
      ')',
      ',',
      'AND',
      'or',
      'IN',
      'NOT',
      'LIKE',
      'ASC',
      'desc',
      '>',
      '>=',
      '=',
      '!=',
      '==',
      '1',
      '-2.5e3',
      '1e999',
      "'x'",
      '"y"',
      ' ',
      ' ',
      '\t',
      '\n',
      '🎉',
      '\u0000',
      '\uD800',
      '__proto__',
      'constructor',
    ),
    { maxLength: 30 },
  )
  .map((tokens) => tokens.join(''));

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), tokenSoup);

describe('parseFilter and parseOrderBy on arbitrary text', () => {
  for (const dialect of DIALECTS) {
    it(`return a result or throw SearchSyntaxError (${dialect.name})`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          parseOrSyntaxError(() => parseFilter(text, dialect), text);
          parseOrSyntaxError(() => parseOrderBy([text], dialect), text);
        }),
        { numRuns: RUNS_PER_PROPERTY },
      );
    });
  }
});

// ---------------------------------------------------------------------------
// A grammar-based generator: each generated filter carries the tree it means.

interface GeneratedComparison {
  kind: 'comparison';
  identifier: string;
  beforeOperator: string;
  operator: string;
  beforeValue: string;
  value: string;
  expected: Omit<ComparisonNode, 'column'>;
  parentheses: Parentheses | undefined;
}

interface GeneratedGroup {
  kind: 'and' | 'or';
  operands: GeneratedNode[];
  joins: Join[];
  parentheses: Parentheses | undefined;
}

type GeneratedNode = GeneratedComparison | GeneratedGroup;

interface Join {
  before: string;
  letterCase: LetterCase;
  after: string;
}

interface Parentheses {
  open: string;
  close: string;
}

type LetterCase = 'lower' | 'upper' | 'title';

const requiredSpace = fc.constantFrom(' ', '  ', '\t', '\n', ' \r\n ');
const optionalSpace = fc.constantFrom('', ' ', '\t', '\n');
const letterCase = fc.constantFrom<LetterCase>('lower', 'upper', 'title');
/** Redundant parentheses around about one node in four. */
const parentheses: fc.Arbitrary<Parentheses | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  {
    arbitrary: fc.record({ open: optionalSpace.map((space) => `(${space}`), close: optionalSpace.map((space) => `${space})`) }),
    weight: 1,
  },
);
/** Printable ASCII (quotes and backslashes included) or any code point, lone surrogates included. */
const anyString = (maxLength: number, minLength = 0): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'binary', minLength, maxLength }));

function applyCase(word: string, chosen: LetterCase): string {
  if (chosen === 'upper') return word.toUpperCase();
  if (chosen === 'title') return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  return word.toLowerCase();
}

interface QuoteStyle {
  quote: string;
  doubledQuotes: boolean;
  minimalBackslashes: boolean;
}

/** Writes `value` as a quoted literal the way a user might: `\'` or `''`, `\\` always or only where needed. */
function quote(value: string, style: QuoteStyle): string {
  const { quote: mark } = style;
  let body = '';
  for (let index = 0; index < value.length; index++) {
    const character = value.charAt(index);
    if (character === '\\') {
      const next = value[index + 1];
      const needed = next === undefined || next === '\\' || next === mark;
      body += style.minimalBackslashes && !needed ? '\\' : '\\\\';
    } else if (character === mark) {
      body += style.doubledQuotes ? mark + mark : `\\${mark}`;
    } else {
      body += character;
    }
  }
  return mark + body + mark;
}

const quoteStyle = (quotes: readonly string[]): fc.Arbitrary<QuoteStyle> =>
  fc.record({ quote: fc.constantFrom(...quotes), doubledQuotes: fc.boolean(), minimalBackslashes: fc.boolean() });

const quotedString = (value: fc.Arbitrary<string>): fc.Arbitrary<{ text: string; value: string }> =>
  fc.tuple(value, quoteStyle(["'", '"'])).map(([raw, style]) => ({ text: quote(raw, style), value: raw }));

const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
  fc.stringMatching(/^[+-]?(?:\d{1,6}(?:\.\d{0,6})?|\.\d{1,6})(?:[eE][+-]?\d{1,2})?$/u),
);

function valueArbitrary(
  operator: ComparisonOperator,
  valueType: 'number' | 'string' | 'number-or-string',
): fc.Arbitrary<{ text: string; value: FilterValue }> {
  const stringValue = quotedString(anyString(12)).map(({ text, value }) => ({
    text,
    value: { kind: 'string', value } satisfies FilterValue as FilterValue,
  }));
  const numberValue = numberText.map((text) => ({ text, value: { kind: 'number', value: Number(text) } satisfies FilterValue as FilterValue }));
  if (operator === 'IN' || operator === 'NOT IN') {
    return fc
      .tuple(
        fc.array(fc.tuple(optionalSpace, quotedString(anyString(8)), optionalSpace), {
          minLength: 1,
          maxLength: 4,
        }),
        optionalSpace,
      )
      .map(([items, closingSpace]) => ({
        text: `(${items.map(([before, item, after]) => before + item.text + after).join(',')}${closingSpace})`,
        value: { kind: 'list', values: items.map(([, item]) => item.value) },
      }));
  }
  if (PATTERN_OPERATORS.includes(operator) || valueType === 'string') return stringValue;
  if (valueType === 'number' || ['>', '>=', '<', '<='].includes(operator)) return numberValue;
  return fc.oneof(stringValue, numberValue);
}

function operatorText(operator: ComparisonOperator): fc.Arbitrary<string> {
  if (operator === 'NOT IN') {
    return fc.tuple(letterCase, requiredSpace, letterCase).map(([first, space, second]) => `${applyCase('NOT', first)}${space}${applyCase('IN', second)}`);
  }
  return /^[A-Z]/u.test(operator) ? letterCase.map((chosen) => applyCase(operator, chosen)) : fc.constant(operator);
}

interface GeneratedField {
  identifier: string;
  entity: string;
  key: string;
}

function fieldArbitrary(dialect: FilterDialect): fc.Arbitrary<GeneratedField> {
  const perEntity = Object.entries(dialect.entities).map(([entity, rule]) => {
    const prefix = fc.tuple(fc.constantFrom(...rule.prefixes), letterCase).map(([chosen, casing]) => applyCase(chosen, casing));
    const keyStyle = quoteStyle(['`', '"']);
    const key: fc.Arbitrary<{ written: string; key: string }> =
      rule.keys === undefined
        ? fc.oneof(
            fc.stringMatching(/^[A-Za-z0-9_.:/-]{1,12}$/u).map((bare) => ({ written: bare, key: bare })),
            fc.tuple(anyString(12, 1), keyStyle).map(([raw, style]) => ({
              written: quote(raw, style),
              key: raw,
            })),
          )
        : fc.tuple(fc.constantFrom(...Object.entries(rule.keys)), letterCase, keyStyle, fc.boolean()).map(([[alias, canonical], casing, style, quoted]) => {
            const written = applyCase(alias, casing);
            return { written: quoted || !BARE_KEY.test(written) ? quote(written, style) : written, key: canonical };
          });
    return fc.tuple(prefix, key, fc.boolean()).map(([chosenPrefix, { written, key: resolvedKey }, omitPrefix]) => {
      const canOmitPrefix = entity === dialect.defaultEntity && BARE_KEY.test(written) && !written.includes('.');
      return {
        identifier: omitPrefix && canOmitPrefix ? written : `${chosenPrefix}.${written}`,
        entity,
        key: resolvedKey,
      };
    });
  });
  return fc.oneof(...perEntity);
}

function comparisonArbitrary(dialect: FilterDialect): fc.Arbitrary<GeneratedNode> {
  return fieldArbitrary(dialect).chain((field) => {
    const rule = dialect.entities[field.entity];
    if (rule === undefined) throw new Error(`generator bug: no entity ${field.entity}`);
    const keyRule = rule.keyRules !== undefined && Object.hasOwn(rule.keyRules, field.key) ? rule.keyRules[field.key] : undefined;
    const operators = keyRule?.operators ?? rule.operators;
    const valueType = keyRule?.valueType ?? rule.valueType;
    return fc.constantFrom(...operators).chain((operator) =>
      fc
        .record({
          operator: operatorText(operator),
          beforeOperator: /^[A-Z]/u.test(operator) ? requiredSpace : optionalSpace,
          beforeValue: optionalSpace,
          value: valueArbitrary(operator, valueType),
          parentheses,
        })
        .map(
          (parts): GeneratedNode => ({
            kind: 'comparison',
            identifier: field.identifier,
            beforeOperator: parts.beforeOperator,
            operator: parts.operator,
            beforeValue: parts.beforeValue,
            value: parts.value.text,
            expected: {
              kind: 'comparison',
              field: { entity: field.entity, key: field.key },
              operator,
              value: parts.value.value,
            },
            parentheses: parts.parentheses,
          }),
        ),
    );
  });
}

function filterArbitrary(dialect: FilterDialect): fc.Arbitrary<{ text: string; expected: FilterNode }> {
  const { node } = fc.letrec<{ node: GeneratedNode; group: GeneratedNode; comparison: GeneratedNode }>((tie) => ({
    node: fc.oneof({ maxDepth: 4, depthSize: 'small', withCrossShrink: true }, tie('comparison'), tie('group')),
    comparison: comparisonArbitrary(dialect),
    group: fc.record({
      kind: fc.constantFrom<'and' | 'or'>('and', 'or'),
      operands: fc.array(tie('node'), { minLength: 2, maxLength: 4 }),
      joins: fc.array(fc.record({ before: requiredSpace, letterCase, after: requiredSpace }), { minLength: 3, maxLength: 3 }),
      parentheses,
    }),
  }));
  return fc.tuple(node, optionalSpace, optionalSpace).map(([root, leading, trailing]) => {
    const printer = new FilterPrinter();
    printer.write(leading);
    const expected = printer.print(root, undefined);
    printer.write(trailing);
    return { text: printer.text, expected };
  });
}

/** Writes a generated tree as filter text and returns the tree the parser should produce, columns included. */
class FilterPrinter {
  text = '';
  private characters = 0;

  write(piece: string): void {
    this.text += piece;
    this.characters += Array.from(piece).length;
  }

  print(node: GeneratedNode, parent: 'and' | 'or' | undefined): FilterNode {
    const parenthesesNeeded = node.kind === 'or' && parent === 'and';
    const wrap = node.parentheses ?? (parenthesesNeeded ? { open: '(', close: ')' } : undefined);
    if (wrap !== undefined) this.write(wrap.open);
    const printed = node.kind === 'comparison' ? this.printComparison(node) : this.printGroup(node);
    if (wrap !== undefined) this.write(wrap.close);
    return printed;
  }

  private printComparison(node: GeneratedComparison): FilterNode {
    const column = this.characters + 1;
    this.write(node.identifier + node.beforeOperator + node.operator + node.beforeValue + node.value);
    return { ...node.expected, column };
  }

  private printGroup(node: GeneratedGroup): FilterNode {
    const operands: FilterNode[] = [];
    node.operands.forEach((operand, index) => {
      const join = node.joins[index - 1];
      if (join !== undefined) this.write(join.before + applyCase(node.kind, join.letterCase) + join.after);
      const printed = this.print(operand, node.kind);
      if (printed.kind === node.kind) operands.push(...printed.operands);
      else operands.push(printed);
    });
    return { kind: node.kind, operands };
  }
}

describe('parseFilter on generated well-formed filters', () => {
  for (const dialect of DIALECTS) {
    it(`produces the tree the filter was generated from (${dialect.name})`, () => {
      fc.assert(
        fc.property(filterArbitrary(dialect), ({ text, expected }) => {
          expect(parseFilter(text, dialect)).toEqual(expected);
        }),
        { numRuns: RUNS_PER_PROPERTY },
      );
    });
  }
});

describe('parseFilter keeps hostile values verbatim', () => {
  const hostileValue = fc.oneof(
    fc.constantFrom(
      "' OR 1=1 --",
      "' OR '1'='1",
      "'; DROP TABLE runs; --",
      '" OR ""="',
      "\\' OR 1=1 --",
      "Robert'); DROP TABLE students;--",
      "%' AND 1=0 UNION SELECT * FROM params --",
      '--',
      ';',
      "''",
      '\\',
      '\\\\',
      '$1',
      '?',
    ),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom("'", '"', '`', '\\', ';', '-', ' ', 'O', 'R', '=', '1', '%', '_', '(', ')', ','), maxLength: 40 }),
  );

  it('as string values, list items and quoted keys', () => {
    fc.assert(
      fc.property(
        hostileValue,
        hostileValue,
        hostileValue,
        quoteStyle(["'", '"']),
        quoteStyle(["'", '"']),
        quoteStyle(['`', '"']),
        (first, second, key, valueStyle, listStyle, keyStyle) => {
          expect(parseFilter(`params.x = ${quote(first, valueStyle)}`, RUN_FILTER_DIALECT)).toMatchObject({
            value: { kind: 'string', value: first },
          });
          expect(
            parseFilter(`attributes.run_id NOT IN (${quote(first, listStyle)}, ${quote(second, listStyle)})`, RUN_FILTER_DIALECT),
          ).toMatchObject({ value: { kind: 'list', values: [first, second] } });
          if (key !== '') {
            expect(parseFilter(`tags.${quote(key, keyStyle)} LIKE ${quote(second, valueStyle)}`, RUN_FILTER_DIALECT)).toEqual({
              kind: 'comparison',
              field: { entity: 'tag', key },
              operator: 'LIKE',
              value: { kind: 'string', value: second },
              column: 1,
            });
          }
        },
      ),
      { numRuns: RUNS_PER_PROPERTY },
    );
  });
});
