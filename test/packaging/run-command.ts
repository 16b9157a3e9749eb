import { spawn } from 'node:child_process';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** The program: a path or a name looked up on PATH. */
  command: string;
  /** Its arguments. */
  args: readonly string[];
  /** The working directory. */
  cwd: string;
  /** The whole environment of the process (nothing is inherited). */
  env: NodeJS.ProcessEnv;
}

/** How a command ended and what it printed. */
export interface CommandResult {
  /** The exit code; null when a signal ended it. */
  exitCode: number | null;
  /** What it printed on stdout. */
  stdout: string;
  /** What it printed on stderr. */
  stderr: string;
}

/**
 * Runs a command to its end without blocking this process, which may be
 * serving the command (the mock LLM runs in the test's process).
 */
export function runCommand({ command, args, cwd, env }: RunCommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** Fails with the command's output unless it exited 0; returns its stdout. */
export async function runCommandOrFail(options: RunCommandOptions): Promise<string> {
  const result = await runCommand(options);
  if (result.exitCode !== 0) {
    throw new Error(`${options.command} ${options.args.join(' ')} (in ${options.cwd}) exited ${result.exitCode}:\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}
