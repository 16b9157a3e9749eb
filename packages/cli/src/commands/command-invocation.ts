import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/**
 * What a command's implementation is given when its action runs. The
 * implementations are loaded only then (`await import(...)` in the action),
 * so that registering the commands loads nothing but their definitions.
 */
export interface CommandInvocation<Options> {
  /** The CLI's output, environment and store opener. */
  context: CliContext;
  /** The command as commander parsed it (for the global `--tracking-uri` and follow-up hints). */
  command: Command;
  /** The command's parsed options. */
  options: Options;
}
