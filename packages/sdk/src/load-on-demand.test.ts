import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { resolvedModules } from '../../../test/fixtures/resolved-modules.js';

const store = mkdtempSync(join(tmpdir(), 'assay-load-on-demand-'));
afterAll(() => rmSync(store, { recursive: true, force: true }));

// The test's own loader (TypeScript sources through tsx) is not the SDK's doing.
const LOADER_PACKAGES = new Set(['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps']);

/** The packages (by name in node_modules, or Assay's own by folder) a module list reaches. */
function packagesOf(modules: string[]): Set<string> {
  const names = new Set<string>();
  for (const url of modules) {
    const inNodeModules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(url)?.[1];
    if (inNodeModules && !LOADER_PACKAGES.has(inNodeModules)) names.add(inNodeModules);
    const own = /\/packages\/([^/]+)\/src\//.exec(url)?.[1];
    if (own) names.add(`@assay/${own}`);
  }
  return names;
}

/** Runs `script` as an ES module and returns the packages it loaded: imported (recorded by the loader hooks) or required (Node's CommonJS cache). */
function run(script: string): Set<string> {
  const printRequired = "import { createRequire as __assayRequire } from 'node:module'; process.on('exit', () => process.stdout.write(JSON.stringify(Object.keys(__assayRequire(import.meta.url).cache))));";
  const { status, stdout, stderr, modules } = resolvedModules({ args: ['--input-type=module', '--eval', `${printRequired}\n${script}`] });
  expect([status, stderr]).toEqual([0, '']);
  const required = (JSON.parse(stdout) as string[]).map((path) => `file://${path}`);
  return packagesOf([...modules, ...required]);
}

describe('the SDK loads only what is used', () => {
  it('importing it loads no store, DuckDB, OpenTelemetry, openai or LangChain', () => {
    const loaded = run("import { setTrackingUri, getTrackingUri } from '@assay/sdk'; setTrackingUri('http://127.0.0.1:9'); getTrackingUri();");
    expect([...loaded].sort()).toEqual(['@assay/core', '@assay/sdk']);
  });

  it("tracking to a local store loads the store when the first run starts, DuckDB only in the store's worker thread, and no OpenTelemetry", async () => {
    const loaded = run(
      `import { withRun, setTrackingUri } from '@assay/sdk'; setTrackingUri(${JSON.stringify(store)}); await withRun({ runName: 'r' }, (run) => { run.logMetric('m', 1); });`,
    );
    expect(loaded.has('@assay/store')).toBe(true);
    // The app's thread never loads DuckDB's native module: the store's worker thread does.
    expect(loaded.has('@duckdb/node-api')).toBe(false);
    expect([...loaded].filter((name) => name.startsWith('@opentelemetry/'))).toEqual([]);
    const reader = await LocalStore.open({ root: store });
    const { runs } = await reader.searchRuns({ experimentIds: ['0'] });
    await reader.close();
    expect(runs.map((stored) => [stored.info.runName, stored.data.metrics])).toEqual([['r', { m: 1 }]]);
  });

  it('tracing into a server loads the OpenTelemetry API when the first span starts, and never the store or DuckDB', () => {
    const loaded = run(
      "import { trace, setTrackingUri, getExportStats } from '@assay/sdk'; setTrackingUri('http://127.0.0.1:9'); trace(() => 1, { name: 'x' })(); if (getExportStats().queued !== 1) throw new Error('not traced'); console.warn = () => {};",
    );
    expect(loaded.has('@opentelemetry/api')).toBe(true);
    expect(loaded.has('@assay/store')).toBe(false);
    expect(loaded.has('@duckdb/node-api')).toBe(false);
  });
});
