import type { OrderByClause } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';
import { FilterScanner, printable } from './filter-scanner.js';
import { SearchSyntaxError } from './search-syntax-error.js';

/**
 * Parses `order_by` clauses such as `['metrics.rmse ASC', 'attributes.start_time DESC']`.
 * Each clause is `identifier [ASC|DESC]` (case-insensitive, ascending by
 * default) with identifiers written as in filters; the entity must be
 * orderable in the dialect.
 *
 * @returns one clause per input, in order; `[]` when `clauses` is undefined.
 * @throws SearchSyntaxError naming the clause (`order_by[1]`) and the column in it.
 */
export function parseOrderBy(clauses: readonly string[] | undefined, dialect: FilterDialect): OrderByClause[] {
  if (clauses === undefined || clauses === null) return [];
  if (!Array.isArray(clauses)) {
    throw new SearchSyntaxError(`Invalid order_by: expected a list of clauses such as ['metrics.acc DESC'], got ${typeof clauses}.`, {
      column: 1,
      filter: '',
    });
  }
  return clauses.map((clause, index) => parseClause(clause, index, dialect));
}

function parseClause(clause: string, index: number, dialect: FilterDialect): OrderByClause {
  const name = `order_by[${index}]`;
  if (typeof clause !== 'string') {
    throw new SearchSyntaxError(`Invalid ${name}: each order_by clause must be a string, got ${clause === null ? 'null' : typeof clause}.`, {
      column: 1,
      filter: '',
    });
  }
  const scanner = new FilterScanner(clause, dialect, {
    context: `Invalid ${name} '${printable(clause, 60)}'`,
    endName: 'the end of the clause',
  });
  scanner.skipWhitespace();
  if (scanner.atEnd()) {
    scanner.fail(scanner.position, (at) => `the clause is empty ${at}. Write an identifier and an optional ASC or DESC, e.g. metrics.acc DESC.`);
  }
  const resolved = scanner.readField();
  if (!resolved.orderable) {
    const orderable = Object.entries(dialect.entities)
      .filter(([, rule]) => rule.orderable === true)
      .map(([entity, rule]) => `${rule.prefixes[0] ?? entity}.`)
      .join(', ');
    const entityName = resolved.displayName.split('.')[0] ?? resolved.field.entity;
    scanner.fail(resolved.start, (at) => `${entityName} cannot be used to sort results (${at}). Use one of: ${orderable}`);
  }
  scanner.skipWhitespace();
  let ascending = true;
  if (!scanner.atEnd()) {
    const directionStart = scanner.position;
    const direction = scanner.readBareWord()?.toUpperCase();
    if (direction === 'DESC') ascending = false;
    else if (direction !== 'ASC') scanner.unexpected(directionStart, 'ASC, DESC or the end of the clause');
    scanner.skipWhitespace();
    if (!scanner.atEnd()) scanner.unexpected(scanner.position, 'the end of the clause');
  }
  return { field: resolved.field, ascending };
}
