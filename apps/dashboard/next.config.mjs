/**
 * The dashboard is served by `assay server` (a custom Node server that also
 * owns the store and routes /api/* to the Assay server's handler), so it needs
 * no API routes of its own; security headers and the Content-Security-Policy
 * (with a per-request nonce) are set there too.
 * @type {import('next').NextConfig}
 */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `assay server` hands pages the API in-process; nothing here loads DuckDB.
  serverExternalPackages: ['@duckdb/node-api'],
  devIndicators: false,
  typescript: { tsconfigPath: './tsconfig.json' },
};

export default config;
