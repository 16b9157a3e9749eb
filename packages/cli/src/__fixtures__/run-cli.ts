import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../program.js';

/** What one in-process CLI invocation printed and returned. */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `assay <args>` in this process against the store at `trackingUri`,
 * capturing output. The environment is empty so the caller's
 * ASSAY_TRACKING_URI cannot leak in.
 */
export async function runCli(trackingUri: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(['node', 'assay', '--tracking-uri', trackingUri, ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { exitCode, stdout, stderr };
}

/** Runs the CLI and parses its stdout as JSON, failing loudly when the command failed. */
export async function runCliJson<T>(trackingUri: string, args: readonly string[]): Promise<T> {
  const result = await runCli(trackingUri, [...args, '--json']);
  if (result.exitCode !== 0) throw new Error(`assay ${args.join(' ')} failed (${result.exitCode}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** A fresh temporary store directory and its removal. */
export async function createTemporaryStoreDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'assay-cli-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A fresh temporary store directory shared by the tests of the enclosing `describe` (made before them, removed after); returns its path. */
export function useTemporaryStoreDirectory(): () => string {
  let directory: { path: string; remove: () => Promise<void> } | undefined;
  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
  });
  afterAll(async () => {
    await directory?.remove();
  });
  return () => {
    if (!directory) throw new Error('the temporary store directory is made in beforeAll; read it inside a test');
    return directory.path;
  };
}
