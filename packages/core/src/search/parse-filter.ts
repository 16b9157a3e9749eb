import type { ComparisonNode, ComparisonOperator, FilterNode, FilterValue } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';
import { FilterScanner, printable } from './filter-scanner.js';
import type { ResolvedField } from './filter-scanner.js';
import { SearchSyntaxError } from './search-syntax-error.js';

/** Deep enough for any hand-written filter, shallow enough that recursion can never overflow the stack. */
const MAX_NESTING_DEPTH = 100;

const SYMBOLIC_OPERATORS: ReadonlySet<string> = new Set(['=', '!=', '>', '>=', '<', '<=']);
const KEYWORD_OPERATORS: ReadonlyMap<string, ComparisonOperator> = new Map([
  ['LIKE', 'LIKE'],
  ['ILIKE', 'ILIKE'],
  ['RLIKE', 'RLIKE'],
  ['IN', 'IN'],
]);
const PATTERN_OPERATORS: ReadonlySet<ComparisonOperator> = new Set(['LIKE', 'ILIKE', 'RLIKE']);
const ORDERING_OPERATORS: ReadonlySet<ComparisonOperator> = new Set(['>', '>=', '<', '<=']);
/** An unquoted value: read as one run so `1abc` is reported whole rather than as `1` followed by junk. */
const UNQUOTED_VALUE = /[A-Za-z0-9_.:/+-]+/y;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/u;

/**
 * Parses a search filter such as
 * `metrics.acc > 0.9 and (params.model = 'gpt-4o' or tags.team LIKE 'ml%')`
 * into a {@link FilterNode} tree, checking every comparison against the
 * dialect: known entities and keys, allowed operators and value types.
 *
 * Grammar: `or := and ('OR' and)*`, `and := primary ('AND' primary)*`,
 * `primary := '(' or ')' | identifier operator value`; keywords are
 * case-insensitive and AND binds tighter than OR. Nested ANDs (and ORs) are
 * flattened into one node.
 *
 * Values never leave this function as text to splice: they become string,
 * number or list nodes that stores bind as query parameters.
 *
 * @returns the tree, or `undefined` for an absent, empty or blank filter.
 * @throws SearchSyntaxError for any input that is not a valid filter; no other error escapes.
 */
export function parseFilter(text: string | undefined, dialect: FilterDialect): FilterNode | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text !== 'string') {
    throw new SearchSyntaxError(`Invalid ${dialect.name}: the filter must be a string, got ${typeof text}.`, { column: 1, filter: '' });
  }
  if (text.trim() === '') return undefined;
  return new FilterParser(text, dialect).parse();
}

class FilterParser {
  private readonly scanner: FilterScanner;
  private depth = 0;

  constructor(text: string, dialect: FilterDialect) {
    this.scanner = new FilterScanner(text, dialect, { context: `Invalid ${dialect.name}`, endName: 'the end of the filter' });
  }

  parse(): FilterNode {
    const node = this.parseOr();
    this.scanner.skipWhitespace();
    if (!this.scanner.atEnd()) {
      const position = this.scanner.position;
      if (this.scanner.peek() === ')') {
        this.scanner.fail(position, (at) => `unmatched ')' ${at}. Remove it or add the '(' it closes.`);
      }
      this.scanner.unexpected(position, 'AND, OR or the end of the filter');
    }
    return node;
  }

  private parseOr(): FilterNode {
    const operands: FilterNode[] = [];
    do {
      const operand = this.parseAnd();
      if (operand.kind === 'or') operands.push(...operand.operands);
      else operands.push(operand);
    } while (this.acceptKeyword('OR'));
    return operands.length === 1 && operands[0] !== undefined ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): FilterNode {
    const operands: FilterNode[] = [];
    do {
      const operand = this.parsePrimary();
      if (operand.kind === 'and') operands.push(...operand.operands);
      else operands.push(operand);
    } while (this.acceptKeyword('AND'));
    return operands.length === 1 && operands[0] !== undefined ? operands[0] : { kind: 'and', operands };
  }

  private parsePrimary(): FilterNode {
    const scanner = this.scanner;
    scanner.skipWhitespace();
    if (scanner.peek() !== '(') return this.parseComparison();

    const open = scanner.position;
    if (this.depth >= MAX_NESTING_DEPTH) {
      scanner.fail(open, (at) => `parentheses nest more than ${MAX_NESTING_DEPTH} levels deep ${at}. Simplify the filter.`);
    }
    this.depth++;
    scanner.position++;
    const node = this.parseOr();
    scanner.skipWhitespace();
    if (scanner.peek() !== ')') {
      scanner.unexpected(scanner.position, `AND, OR or ')' to close the '(' at column ${scanner.columnAt(open)}`);
    }
    scanner.position++;
    this.depth--;
    return node;
  }

  /** Consumes `keyword` (case-insensitive, as a whole word) after optional whitespace. */
  private acceptKeyword(keyword: string): boolean {
    const scanner = this.scanner;
    const start = scanner.position;
    scanner.skipWhitespace();
    if (scanner.readBareWord()?.toUpperCase() === keyword) return true;
    scanner.position = start;
    return false;
  }

  private parseComparison(): ComparisonNode {
    const scanner = this.scanner;
    const field = scanner.readField();
    const column = scanner.columnAt(field.start);
    scanner.skipWhitespace();
    const operatorStart = scanner.position;
    const operator = this.readOperator(field);
    if (!field.operators.includes(operator)) {
      scanner.fail(
        operatorStart,
        (at) => `operator '${operator}' is not allowed for ${field.displayName} ${at}; allowed: ${field.operators.join(', ')}.`,
      );
    }
    scanner.skipWhitespace();
    const value = operator === 'IN' || operator === 'NOT IN' ? this.readList(field, operator) : this.readValue(field, operator);
    return { kind: 'comparison', field: field.field, operator, value, column };
  }

  private readOperator(field: ResolvedField): ComparisonOperator {
    const scanner = this.scanner;
    const start = scanner.position;
    const allowed = field.operators.join(', ');
    const symbolic = scanner.readSymbolicOperator();
    if (symbolic !== undefined) {
      if (SYMBOLIC_OPERATORS.has(symbolic)) return symbolic as ComparisonOperator;
      return scanner.fail(start, (at) => `unknown operator '${printable(symbolic)}' ${at}. Allowed for ${field.displayName}: ${allowed}.`);
    }
    const word = scanner.readBareWord()?.toUpperCase();
    if (word !== undefined) {
      const keywordOperator = KEYWORD_OPERATORS.get(word);
      if (keywordOperator !== undefined) return keywordOperator;
      if (word === 'NOT') {
        scanner.skipWhitespace();
        const inStart = scanner.position;
        if (scanner.readBareWord()?.toUpperCase() === 'IN') return 'NOT IN';
        return scanner.unexpected(inStart, "IN after NOT (NOT is only supported as NOT IN)");
      }
    }
    const hint =
      word === undefined ? '' : `. If the key contains spaces, quote it with backticks, e.g. ${field.displayName.split('.')[0] ?? ''}.\`f1 score\``;
    return scanner.unexpected(start, `an operator for ${field.displayName} (${allowed})${hint}`);
  }

  private readValue(field: ResolvedField, operator: ComparisonOperator): FilterValue {
    const scanner = this.scanner;
    const start = scanner.position;
    const next = scanner.peek();
    let value: FilterValue;
    if (next === "'" || next === '"') {
      value = { kind: 'string', value: scanner.readQuoted('string') };
    } else {
      const raw = scanner.match(UNQUOTED_VALUE);
      if (raw === undefined) {
        const listHint = next === '(' ? '; lists are only allowed after IN and NOT IN' : '';
        return scanner.unexpected(start, `${describeValue(field)} after '${operator}'${listHint}`);
      }
      if (field.valueType === 'string' || !NUMBER.test(raw)) {
        if (field.valueType === 'number') {
          return scanner.fail(start, (at) => `invalid number '${printable(raw)}' ${at}. Values of ${field.displayName} must be numbers, e.g. 0.9.`);
        }
        return scanner.fail(
          start,
          (at) => `unquoted value ${at}; values of ${field.displayName} must be quoted strings, e.g. '${printable(raw)}'.`,
        );
      }
      const number = Number(raw);
      if (!Number.isFinite(number)) {
        return scanner.fail(start, (at) => `number '${printable(raw)}' ${at} is out of range.`);
      }
      value = { kind: 'number', value: number };
    }

    if (value.kind === 'string' && field.valueType === 'number') {
      const removeQuotes = NUMBER.test(value.value) ? ' (remove the quotes)' : '';
      return scanner.fail(start, (at) => `quoted value ${at}; values of ${field.displayName} must be numbers${removeQuotes}.`);
    }
    if (value.kind === 'number' && PATTERN_OPERATORS.has(operator)) {
      return scanner.fail(start, (at) => `${operator} needs a quoted pattern ${at}, e.g. '%abc%'.`);
    }
    if (value.kind === 'string' && field.valueType === 'number-or-string' && ORDERING_OPERATORS.has(operator)) {
      // Ordering text is never what a filter on scores means; a number was quoted by mistake, or the operator is wrong.
      const removeQuotes = NUMBER.test(value.value) ? ' (remove the quotes)' : '';
      return scanner.fail(
        start,
        (at) => `'${operator}' compares numbers, but the value ${at} is quoted text${removeQuotes}. Compare text with =, !=, LIKE or IN.`,
      );
    }
    return value;
  }

  private readList(field: ResolvedField, operator: ComparisonOperator): FilterValue {
    const scanner = this.scanner;
    const start = scanner.position;
    const example = `${operator} ('a', 'b')`;
    if (field.valueType === 'number') {
      scanner.fail(start, (at) => `${operator} ${at} takes quoted strings, but values of ${field.displayName} must be numbers.`);
    }
    if (scanner.peek() !== '(') scanner.unexpected(start, `'(' and a list of quoted strings after ${operator}, e.g. ${example}`);
    scanner.position++;
    scanner.skipWhitespace();
    if (scanner.peek() === ')') {
      scanner.fail(start, (at) => `${operator} list ${at} is empty; give at least one quoted string, e.g. ${example}.`);
    }
    const values: string[] = [];
    for (;;) {
      scanner.skipWhitespace();
      const itemStart = scanner.position;
      const next = scanner.peek();
      if (next === "'" || next === '"') {
        values.push(scanner.readQuoted('string'));
      } else {
        const raw = scanner.match(UNQUOTED_VALUE);
        if (raw !== undefined) {
          scanner.fail(itemStart, (at) => `unquoted value ${at}; ${operator} lists hold quoted strings, e.g. '${printable(raw)}'.`);
        }
        scanner.unexpected(itemStart, 'a quoted string');
      }
      scanner.skipWhitespace();
      const separator = scanner.peek();
      if (separator === ')') {
        scanner.position++;
        return { kind: 'list', values };
      }
      if (separator !== ',') {
        scanner.unexpected(scanner.position, `',' or ')' to close the list opened at column ${scanner.columnAt(start)}`);
      }
      scanner.position++;
    }
  }
}

function describeValue(field: ResolvedField): string {
  if (field.valueType === 'number') return 'a number';
  if (field.valueType === 'string') return 'a quoted string';
  return 'a number or a quoted string';
}
