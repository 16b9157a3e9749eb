import { InvalidParameterError } from '../errors/assay-error.js';
import type { AssayErrorOptions } from '../errors/assay-error.js';

/** Where a {@link SearchSyntaxError} happened. */
export interface SearchSyntaxErrorOptions extends AssayErrorOptions {
  /** 1-based column, counted in characters (code points), of the offending token. */
  column: number;
  /** The filter or `order_by` clause that failed to parse. */
  filter: string;
}

/**
 * A search filter or `order_by` clause that does not parse or breaks the
 * dialect's rules. The message says where and what to write instead, e.g.
 * `Invalid run filter: unexpected token 'andd' at column 23. Expected AND, OR or the end of the filter.`
 */
export class SearchSyntaxError extends InvalidParameterError {
  /** 1-based column, counted in characters (code points), of the offending token. */
  readonly column: number;
  /** The filter or `order_by` clause that failed to parse. */
  readonly filter: string;

  constructor(message: string, options: SearchSyntaxErrorOptions) {
    super(message, options);
    this.name = 'SearchSyntaxError';
    this.column = options.column;
    this.filter = options.filter;
  }
}
