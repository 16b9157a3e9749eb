import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgram, main } from './program.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

async function capture(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(['node', 'assay', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    openStore: () => Promise.reject(new Error('no store in this test')),
  });
  return { exitCode, stdout, stderr };
}

describe('the assay program', () => {
  it('prints its version', async () => {
    expect(await capture(['--version'])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help with examples for every command', async () => {
    const program = createProgram();
    const commands = [program, ...program.commands.flatMap((command) => [command, ...command.commands])];
    for (const command of commands) {
      const path: string[] = [];
      for (let current: typeof command | null = command; current?.parent; current = current.parent) path.unshift(current.name());
      const result = await capture([...path, '--help']);
      expect(result.exitCode, path.join(' ')).toBe(0);
      expect(result.stdout, path.join(' ')).toContain('Usage: assay');
      expect(result.stdout, path.join(' ')).toContain('Examples:');
    }
  });

  it('treats a missing or unknown command as a usage error', async () => {
    const none = await capture([]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('Usage: assay');

    const typo = await capture(['rnus']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("error: unknown command 'rnus'");
    expect(typo.stderr).toContain('Did you mean runs?');
    expect(typo.stderr).toContain('Run "assay --help" for usage.');
  });

  it('reports an unexpected error with exit code 2', async () => {
    const result = await capture(['runs', 'list']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: no store in this test\n');
  });

  it('runs as a real process through the bin entry', () => {
    const result = spawnSync(
      process.execPath,
      ['--conditions=@assay/source', '--import', 'tsx', 'packages/cli/src/bin.ts', '--help'],
      { cwd: repositoryRoot, encoding: 'utf8', env: { ...process.env, ASSAY_TRACKING_URI: '' }, timeout: 30_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: assay [options] [command]');
    expect(result.stdout).toContain('--tracking-uri <uri>');
  });
});
