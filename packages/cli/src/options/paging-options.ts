/** The options every listing command has: `--max-results`, `--page-token` and `--json`. */
export interface PagingOptions {
  /** Items per page. */
  maxResults: number;
  /** Continues a previous listing from this token. */
  pageToken?: string;
  /** Print JSON instead of a table. */
  json?: boolean;
}
