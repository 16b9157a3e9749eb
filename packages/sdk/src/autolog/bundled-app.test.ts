import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockLlmServer, type MockLlmServer } from '../testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..', '..');
const UNREACHED = 'went through a copy of the openai package that autolog() could not reach';

let bundleDirectory: string;
let bundle: string;
let server: MockLlmServer;

beforeAll(async () => {
  // Inside the package, so that the bundle's imports of @assay/sdk resolve (to dist/) as they would in an app's node_modules.
  bundleDirectory = await mkdtemp(join(packageRoot, '.bundled-app-'));
  bundle = join(bundleDirectory, 'app.mjs');
  // What a user's `esbuild app.ts --bundle --platform=node` does: openai goes into the one file; Assay (which loads DuckDB) stays external.
  await build({
    entryPoints: [join(here, '__fixtures__', 'bundled-app.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    external: ['@assay/*', '@duckdb/*'],
    logLevel: 'silent',
  });
  server = await createMockLlmServer();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(bundleDirectory, { recursive: true, force: true });
});

async function runBundle(mode: 'autolog' | 'wrap' | 'edge'): Promise<{ stdout: { copies: { package: string; version?: string; file?: string }[]; traces: number }; stderr: string }> {
  const trackingUri = await mkdtemp(join(tmpdir(), 'assay-bundled-app-'));
  try {
    // Asynchronously: the mock server answering the app runs in this process.
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bundle, mode, server.baseURL, trackingUri], { cwd: packageRoot, encoding: 'utf8' });
    return { stdout: JSON.parse(stdout) as never, stderr };
  } finally {
    await rm(trackingUri, { recursive: true, force: true });
  }
}

describe('an app bundled into one file (esbuild), openai inside the bundle', () => {
  it('autolog() alone cannot reach the bundled copy: it says so once on stderr, with the fix, instead of tracing nothing in silence', async () => {
    const { stdout, stderr } = await runBundle('autolog');
    expect(stdout.traces).toBe(0);
    expect(stderr.split(UNREACHED)).toHaveLength(2); // once, for three calls
    expect(stderr).toContain("serverExternalPackages: ['openai']");
    expect(stderr).toContain('--external:openai');
    expect(stderr).toContain('wrapOpenAI(new OpenAI())');
    // It names what it did instrument: the copy in node_modules, which the bundle does not use.
    const installed = stdout.copies.find((copy) => copy.file?.endsWith(join('openai', 'index.js')));
    expect(installed).toMatchObject({ package: 'openai', version: expect.stringMatching(/^6\./) });
    expect(stderr).toContain(`openai ${installed!.version} (${installed!.file})`);
  });

  it('wrapOpenAI() traces the bundled client: every call is stored and nothing is reported', async () => {
    const { stdout, stderr } = await runBundle('wrap');
    expect(stdout.traces).toBe(3);
    expect(stderr).not.toContain(UNREACHED);
  });

  it('says nothing of calls made in an Edge runtime sandbox of the process (Next.js dev runs Edge routes in Node): autolog is for the Node.js runtime', async () => {
    const { stdout, stderr } = await runBundle('edge');
    expect(stdout.traces).toBe(0);
    expect(stderr).not.toContain(UNREACHED);
  });
});
