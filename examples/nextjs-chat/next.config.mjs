import { withAssay } from '@assay/sdk/next';

// withAssay keeps DuckDB (the local store) and the packages autolog() instruments out of the server
// bundle, so that `next build` works and autolog() reaches the openai your routes use.
export default withAssay({ reactStrictMode: true });
