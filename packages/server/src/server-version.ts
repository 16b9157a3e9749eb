import { readFileSync } from 'node:fs';

let version: string | undefined;

/** This package's version (`@assay/server`'s package.json). */
export function serverVersion(): string {
  if (version === undefined) {
    // src/server-version.ts and the bundles in dist/ both sit one level below package.json.
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    version = manifest.version ?? '0.0.0';
  }
  return version;
}
