// The dashboard as a user sees it: the built CLI's `assay ui` on a store filled by `assay demo`,
// driven by playwright-core in Debian's chromium (`.ci/run` installs it with apt-get).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(repositoryRoot, 'packages', 'cli', 'dist', 'bin.js');
/** Screenshots of the pages, for a person to look at (git-ignored). */
export const ARTIFACTS = join(repositoryRoot, 'test', 'artifacts');

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => path !== undefined && path !== '');

/** Debian's chromium, or undefined when this machine has none. */
export const chromiumPath: string | undefined = CHROMIUM_CANDIDATES.find((path) => existsSync(path));

/**
 * `describe` when chromium is here. A user's clone on a machine without it
 * skips the browser tests and says so in one line; CI (which installs it)
 * fails instead, so a browser test is never silently not run there.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumPath === undefined && process.env.CI === undefined) {
    console.log(`skipping browser tests "${name}": no chromium on this machine (Debian: apt-get install -y chromium; or set CHROMIUM_PATH)`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

/** Runs the built CLI and returns its stdout; throws with its stderr when it fails. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: repositoryRoot, encoding: 'utf8', env: { ...process.env, ASSAY_TRACKING_URI: '', ...env }, timeout: 180_000 });
  if (result.status !== 0) throw new Error(`assay ${args.join(' ')} failed (${String(result.status)}): ${result.stderr}`);
  return result.stdout;
}

/** A running `assay ui`. */
export interface DashboardServer {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `assay ui --store root --port 0 --json` and resolves once it listens (with the dashboard, unless `requireDashboard` is false). */
export async function startDashboard(root: string, extraArgs: readonly string[] = [], env: Record<string, string> = {}, requireDashboard = true): Promise<DashboardServer> {
  const child = spawn(process.execPath, [CLI, 'ui', '--store', root, '--port', '0', '--json', '--quiet', ...extraArgs], {
    cwd: repositoryRoot,
    env: { ...process.env, ASSAY_TRACKING_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    void exited.then(() => reject(new Error(`assay ui exited before listening: ${stderr}`)));
  });
  const { url, dashboard } = JSON.parse(line) as { url: string; dashboard: boolean };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  if (requireDashboard && !dashboard) {
    await stop();
    throw new Error(`assay ui serves no dashboard: ${stderr}`);
  }
  return { url, child, stderr: () => stderr, stop };
}

/** A store filled by `assay demo` in a new temporary folder. */
export function createDemoStore(): string {
  const root = mkdtempSync(join(tmpdir(), 'assay-dashboard-'));
  runCli(['--tracking-uri', root, 'demo', '--json']);
  return root;
}

/** Launches chromium headless, as the machine allows (no sandbox, no GPU, no network but 127.0.0.1). */
export function launchChromium(): Promise<Browser> {
  if (chromiumPath === undefined) throw new Error('No chromium: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** What a browser test file shares: a demo store, `assay ui` on it, chromium, and a fresh page per call. */
export interface DashboardSession {
  root: string;
  server: DashboardServer;
  browser: Browser;
  /** A page in a new browser context, with page errors and CSP violations collected. */
  newPage(options?: { httpCredentials?: { username: string; password: string }; colorScheme?: 'light' | 'dark' }): Promise<DashboardPage>;
}

export interface DashboardPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors and console errors seen so far. */
  errors: string[];
  /** Saves a full-page screenshot under test/artifacts/. */
  screenshot(name: string): Promise<void>;
}

/** Starts a demo store's dashboard and chromium before the file's tests, and stops them after. */
export function useDashboard(options: { store?: () => string; serverArgs?: readonly string[]; env?: Record<string, string> } = {}): DashboardSession {
  const session = {} as DashboardSession;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    session.root = options.store ? options.store() : createDemoStore();
    session.server = await startDashboard(session.root, options.serverArgs ?? [], options.env ?? {});
    session.browser = await launchChromium();
    session.newPage = async (pageOptions = {}) => {
      const context = await session.browser.newContext({ baseURL: session.server.url, viewport: { width: 1400, height: 900 }, ...pageOptions });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      return {
        page,
        context,
        errors,
        screenshot: async (name: string) => {
          mkdirSync(ARTIFACTS, { recursive: true });
          await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
        },
      };
    };
  }, 240_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await session.browser?.close();
    await session.server?.stop();
    if (session.root && !options.store) rmSync(session.root, { recursive: true, force: true });
  }, 60_000);
  return session;
}

/**
 * Waits until React has hydrated the control (its props are on the element):
 * a click or a change before that reaches no handler, and a slow machine may
 * still be loading the page's script when the test acts.
 */
export function hydrated(control: Locator): Promise<void> {
  return expect.poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps')))).toBe(true);
}
