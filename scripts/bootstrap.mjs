#!/usr/bin/env node
// `npm start` and `npm test` on a machine with only Node 20 and npm: get pnpm,
// install the workspace, build it, then start the main job or run every check.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';
const task = process.argv[2];
const extra = process.argv.slice(3);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n[assay] '${command} ${args.join(' ')}' failed with exit code ${status}.`);
    process.exit(status);
  }
}

function pnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim().startsWith('12.')) return ['pnpm', []];
  // No global pnpm 12: npx fetches it from the npm registry into npm's cache (no root needed).
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

const [pnpmBin, pnpmArgs] = pnpm();
const pn = (args, options) => must(pnpmBin, [...pnpmArgs, ...args], options);

function setup() {
  console.log('[assay] installing dependencies (pnpm) ...');
  pn(['install', ...(process.env.CI ? ['--frozen-lockfile'] : ['--prefer-offline'])]);
  console.log('[assay] building packages ...');
  pn(['run', 'build']);
}

switch (task) {
  case 'start': {
    setup();
    // The demo data (once: a second `npm start` serves what the first logged), then the dashboard on it.
    const cli = join(root, 'packages/cli/dist/bin.js');
    console.log('[assay] logging the demo data: assay demo --once');
    const logged = run(process.execPath, [cli, 'demo', '--once']);
    if (logged !== 0) process.exit(logged);
    console.log('[assay] starting the dashboard: assay ui (Ctrl+C stops it)');
    process.exit(run(process.execPath, [cli, 'ui', ...extra]));
    break;
  }
  case 'test': {
    setup();
    console.log('[assay] typecheck ...');
    pn(['run', 'typecheck']);
    console.log('[assay] lint ...');
    pn(['run', 'lint']);
    console.log('[assay] tests ...');
    const report = join(root, '.vitest-report.json');
    rmSync(report, { force: true });
    const status = run(pnpmBin, [
      ...pnpmArgs,
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extra,
    ]);
    if (!existsSync(report)) {
      console.log('0 passed, 1 failed');
      process.exit(status || 1);
    }
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    const failed = summary.numFailedTests + filesThatFailedToLoad(summary);
    const skipped = summary.numPendingTests + (summary.numTodoTests ?? 0);
    console.log(`${summary.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
    process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
    break;
  }
  default:
    console.error('usage: node scripts/bootstrap.mjs start|test [args...]');
    process.exit(2);
}

// A test file that failed to load ran no test; count it as one failure so it is not hidden.
function filesThatFailedToLoad(summary) {
  return (summary.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
}
