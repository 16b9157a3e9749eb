import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import type { CliContext } from '../cli-context.js';
import { assayCommandPrefix } from './assay-command-prefix.js';
import { createTrackingUriOption } from './store-option.js';

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url)).replace(/\/$/, '');

function prefix(args: readonly string[], cwd: string, env: Record<string, string> = {}): string[] {
  let invoked: Command | undefined;
  const program = new Command('assay').addOption(createTrackingUriOption()).exitOverride();
  program.command('demo').action((_options: unknown, command: Command) => {
    invoked = command;
  });
  program.parse(['node', 'assay', ...args, 'demo']);
  const context: CliContext = { stdout: () => undefined, stderr: () => undefined, env, openStore: () => Promise.reject(new Error('unused')), readSecret: () => Promise.reject(new Error('unused')) };
  return assayCommandPrefix({ context, command: invoked!, cwd });
}

describe('assayCommandPrefix', () => {
  it('is `assay` outside the repository, repeating --tracking-uri when given', () => {
    expect(prefix([], tmpdir())).toEqual(['assay']);
    expect(prefix(['--tracking-uri', 'runs/store'], tmpdir())).toEqual(['assay', '--tracking-uri', 'runs/store']);
  });

  it('is `pnpm assay` at the repository root', () => {
    expect(prefix([], repositoryRoot)).toEqual(['pnpm', 'assay']);
    expect(prefix(['--tracking-uri', '/data/assay'], repositoryRoot)).toEqual(['pnpm', 'assay', '--tracking-uri', '/data/assay']);
  });

  it('is `pnpm -w assay` below the root, with a relative store made absolute (pnpm runs the script at the root)', () => {
    const below = join(repositoryRoot, 'packages', 'cli');
    expect(prefix([], below)).toEqual(['pnpm', '-w', 'assay', '--tracking-uri', join(below, '.assay')]);
    expect(prefix([], below, { ASSAY_TRACKING_URI: 'local' })).toEqual(['pnpm', '-w', 'assay', '--tracking-uri', join(below, 'local')]);
    expect(prefix(['--tracking-uri', '/data/assay'], below)).toEqual(['pnpm', '-w', 'assay', '--tracking-uri', '/data/assay']);
    expect(prefix(['--tracking-uri', 'http://127.0.0.1:5000'], below)).toEqual(['pnpm', '-w', 'assay', '--tracking-uri', 'http://127.0.0.1:5000']);
  });

  it('gives a command that runs from below the root', async () => {
    const store = await mkdtemp(join(tmpdir(), 'assay-prefix-'));
    try {
      const local = await LocalStore.open({ root: store });
      await local.createExperiment({ name: 'seen-from-below' });
      await local.close();
      const below = join(repositoryRoot, 'packages', 'cli');
      const line = [...prefix(['--tracking-uri', store], below), 'experiments', 'list'];
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(line[0]!, line.slice(1), { cwd: below, encoding: 'utf8' }, (error, output, stderr) => (error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(output)));
      });
      expect(stdout).toContain('seen-from-below');
    } finally {
      await rm(store, { recursive: true, force: true });
    }
  });
});
