import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { resolvedModules } from '../../../test/fixtures/resolved-modules.js';
import { startServerProcess } from '../../../test/http/server-process.js';
import { HttpStore } from './http/http-store.js';
import { HTTP_SPOOL_DIR_ENV } from './http/server-spool.js';

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

/** Runs `script` as an ES module and returns the URLs of the modules it loaded: imported (recorded by the loader hooks) or required (Node's CommonJS cache). */
function loadedModules(script: string, env: Record<string, string> = {}): string[] {
  const printRequired = "import { createRequire as __assayRequire } from 'node:module'; process.on('exit', () => process.stdout.write(JSON.stringify(Object.keys(__assayRequire(import.meta.url).cache))));";
  const { status, stdout, stderr, modules } = resolvedModules({ args: ['--input-type=module', '--eval', `${printRequired}\n${script}`], env });
  expect([status, stderr]).toEqual([0, '']);
  const required = (JSON.parse(stdout) as string[]).map((path) => `file://${path}`);
  return [...modules, ...required];
}

/** Runs `script` as an ES module and returns the packages it loaded. */
function run(script: string, env: Record<string, string> = {}): Set<string> {
  return packagesOf(loadedModules(script, env));
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

  it('tracking and tracing into a server load the OpenTelemetry API when the first span starts, the HTTP store and its spool, and never the local store or DuckDB', { timeout: 60_000 }, async () => {
    // A server process: this test's own thread waits for the child synchronously.
    const server = await startServerProcess();
    try {
      const modules = loadedModules(
        [
          "import { trace, setTrackingUri, withRun, flush, getExportStats } from '@assay/sdk';",
          `setTrackingUri(${JSON.stringify(server.url)});`,
          "await withRun({ runName: 'remote' }, (run) => { run.logMetric('m', 1); trace(() => 1, { name: 'x' })(); });",
          "if (getExportStats().queued + getExportStats().exported < 1) throw new Error('not traced');",
          'await flush();',
        ].join(' '),
        { [HTTP_SPOOL_DIR_ENV]: join(server.root, 'client-spool') },
      );
      const loaded = packagesOf(modules);
      expect(loaded.has('@opentelemetry/api')).toBe(true);
      expect(loaded.has('@duckdb/node-api')).toBe(false);
      // Of the store package, only the spool (and the process identity its folders are named by), which load no DuckDB.
      const storeModules = modules.filter((url) => url.includes('/packages/store/src/')).map((url) => url.slice(url.indexOf('/packages/store/src/') + '/packages/store/src/'.length));
      expect([...new Set(storeModules)].sort()).toEqual(['local/spool.ts', 'process-identity.ts', 'spool-writes-sync.ts']);
      const reader = await HttpStore.open({ url: server.url, spoolDirectory: join(server.root, 'client-spool'), headers: {} });
      const { runs } = await reader.searchRuns({ experimentIds: ['0'] });
      expect(runs.map((stored) => [stored.info.runName, stored.data.metrics])).toEqual([['remote', { m: 1 }]]);
      const { traces } = await reader.searchTraces({ experimentIds: ['0'] });
      expect(traces.map((stored) => [stored.name, stored.runId])).toEqual([['x', runs[0]!.info.runId]]);
      await reader.close();
    } finally {
      await server.dispose();
    }
  });
});
