// The search grammar's literals, shared by every page that builds a filter.

/** A string in the filter grammar's quotes, its backslashes and quotes escaped. */
export function quoteFilterValue(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `name ILIKE '%text%'` for a search box; `%` and `_` typed by the user stay wildcards, as in the experiments search. */
export function nameContainsFilter(text: string): string {
  return `name ILIKE ${quoteFilterValue(`%${text}%`)}`;
}
