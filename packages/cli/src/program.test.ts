import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { resolvedModules } from '../../../test/fixtures/resolved-modules.js';
import { commandPath, createProgram, main } from './program.js';

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

  it('offers --json on every command that prints data', () => {
    // The commands that run: those without subcommands, and those with both subcommands and options of their own (assay server).
    const runnable = (command: Command): Command[] =>
      command.commands.length === 0 ? [command] : [...(command.options.length > 0 ? [command] : []), ...command.commands.flatMap(runnable)];
    const leaves = createProgram().commands.flatMap(runnable);
    const missing = leaves.filter((command) => !command.options.some((option) => option.long === '--json')).map(commandPath);
    expect(missing).toEqual([]);
    expect(leaves.length).toBeGreaterThan(20);
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

  describe('loads what a command uses, when it runs', () => {
    /** The modules `assay <args>` resolves, run as a real process from source. */
    const cliModules = (args: readonly string[]) => resolvedModules({ args: ['packages/cli/src/bin.ts', ...args], env: { ASSAY_TRACKING_URI: '' } });

    /** Modules beyond the CLI: the SDK, the store, evaluate, metrics, and the third-party runtimes they bring. */
    const BEYOND_THE_CLI = /\/packages\/(?:sdk|store|evaluate|metrics)\/|\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:openai|@langchain|@duckdb|@opentelemetry)\//;
    /** The CLI's command implementations and what only they use (tables, tsx's API). */
    const IMPLEMENTATIONS = /\/packages\/cli\/src\/commands\/[a-z-]+\/|\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:cli-table3\/|tsx\/dist\/esm\/api\/)/;

    it("--version, --help and a command's --help load no command implementation, nor the SDK, the store, evaluate, openai, LangChain or DuckDB", () => {
      for (const args of [['--version'], ['--help'], ['runs', '--help'], ['eval', '--help'], ['demo', '--help'], ['datasets', 'show', '--help']]) {
        const { status, modules } = cliModules(args);
        expect(status, args.join(' ')).toBe(0);
        expect(modules.some((url) => url.endsWith('/packages/cli/src/program.ts')), args.join(' ')).toBe(true);
        expect(modules.filter((url) => BEYOND_THE_CLI.test(url) || IMPLEMENTATIONS.test(url)), args.join(' ')).toEqual([]);
      }
    });

    it('a command loads its own implementation when it runs, and the SDK only when it opens a store', () => {
      // A bad --columns fails before the store is opened.
      const { status, modules } = cliModules(['runs', 'list', '--columns', 'nonsense']);
      expect(status).toBe(1);
      const implementations = modules.filter((url) => /\/packages\/cli\/src\/commands\/[a-z-]+\//.test(url)).map((url) => url.slice(url.indexOf('/commands/')));
      expect(implementations).toEqual(['/commands/runs/search-runs.ts']);
      expect(modules.filter((url) => BEYOND_THE_CLI.test(url))).toEqual([]);
    });
  });
});
