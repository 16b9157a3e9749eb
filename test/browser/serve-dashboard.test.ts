// `assay ui` serving the dashboard beside the API, over real HTTP (no browser needed here):
// the Basic challenge when auth is on, security headers, and --no-ui.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsersFile } from '@assay/server';
import { repositoryRoot, startDashboard, type DashboardServer } from './dashboard-fixture.js';

const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });

describe('assay ui with auth on', () => {
  let root: string;
  let server: DashboardServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'assay-ui-auth-'));
    await new UsersFile({ path: join(root, 'users.json') }).createUser({ username: 'alice', password: 'correct horse battery', isAdmin: true });
    server = await startDashboard(root);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('asks a browser without credentials, or with wrong ones, to sign in (401 with the Basic challenge) and shows nothing', async () => {
    for (const headers of [{}, basic('alice', 'not the password')]) {
      const page = await fetch(`${server.url}/experiments`, { headers });
      expect(page.status).toBe(401);
      expect(page.headers.get('www-authenticate')).toMatch(/^Basic realm="Assay"/);
      expect(await page.text()).not.toContain('Default');
    }
    // The pages' scripts are refused too: nothing of the app leaks before signing in.
    expect((await fetch(`${server.url}/_next/static/chunks/any.js`)).status).toBe(401);
  });

  it('serves the pages to a signed-in user, with the Content-Security-Policy and security headers', async () => {
    const page = await fetch(`${server.url}/experiments`, { headers: basic('alice', 'correct horse battery') });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Default');
    const policy = page.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    // Every script tag of the page carries this response's nonce.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // A new nonce per response.
    const again = await fetch(`${server.url}/experiments`, { headers: basic('alice', 'correct horse battery') });
    expect(again.headers.get('content-security-policy')).not.toBe(policy);
  });

  it('keeps the API as it was: /health is public, the API asks for credentials', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const api = await fetch(`${server.url}/api/2.0/mlflow/experiments/search?max_results=1`);
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error_code: string }).error_code).toBe('UNAUTHENTICATED');
  });
});

describe('assay server --no-ui', () => {
  let root: string;
  let server: DashboardServer | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the API alone: a page path is the API 404', async () => {
    root = mkdtempSync(join(tmpdir(), 'assay-no-ui-'));
    server = await startDashboard(root, ['--no-ui'], {}, false);
    const page = await fetch(`${server.url}/experiments`);
    expect(page.status).toBe(404);
    expect(((await page.json()) as { error_code: string }).error_code).toBe('ENDPOINT_NOT_FOUND');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('assay ui whose stderr reader went away', () => {
  let root: string;
  let child: ChildProcess | undefined;

  afterAll(() => {
    // A server that spins on its own errors would never exit by itself.
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps serving (its request log dropped) and stops cleanly', async () => {
    root = mkdtempSync(join(tmpdir(), 'assay-ui-stderr-'));
    // Not --quiet: every request writes a log line to stderr.
    child = spawn(process.execPath, [join(repositoryRoot, 'packages/cli/dist/bin.js'), 'ui', '--store', root, '--port', '0', '--json'], {
      cwd: repositoryRoot,
      env: { ...process.env, ASSAY_TRACKING_URI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve) => {
      let stdout = '';
      child!.stdout!.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
    });
    const { url } = JSON.parse(line) as { url: string };
    child.stderr!.destroy();
    for (let request = 0; request < 5; request += 1) expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/experiments`)).status).toBe(200);
    expect((await fetch(`${url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
