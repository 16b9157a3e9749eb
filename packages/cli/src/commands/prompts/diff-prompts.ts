import type { PromptDiff } from '@assay/sdk';
import type { WriteText } from '../../cli-context.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { withRegistry } from '../models/with-registry.js';

/** Options of `diffPrompts`. */
export interface DiffPromptsOptions extends CommandInvocation<{ json?: boolean }> {
  from: string;
  to: string;
}

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const RESET = '\u001b[39m';

const LINE_LENGTH = 10_000;

function formatConfigValue(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

/** The diff as text: template lines prefixed `-`, `+` or a space, then variable and model-config changes; red and green when `color`. */
export function printPromptDiff(diff: PromptDiff, write: WriteText, color: boolean): void {
  const paint = (code: string, line: string) => (color ? `${code}${line}${RESET}` : line);
  write(`--- prompts:/${formatUntrustedText(diff.from.name, 80)}/${diff.from.version}\n`);
  write(`+++ prompts:/${formatUntrustedText(diff.to.name, 80)}/${diff.to.version}\n`);
  for (const run of diff.template) {
    for (const line of run.lines) {
      const shown = formatUntrustedText(line, LINE_LENGTH);
      if (run.kind === 'added') write(`${paint(GREEN, `+${shown}`)}\n`);
      else if (run.kind === 'removed') write(`${paint(RED, `-${shown}`)}\n`);
      else write(` ${shown}\n`);
    }
  }
  write('\n');
  if (diff.variablesAdded.length === 0 && diff.variablesRemoved.length === 0) write('Variables: unchanged\n');
  else {
    write('Variables:\n');
    for (const name of diff.variablesRemoved) write(`${paint(RED, `-${formatUntrustedText(name, 120)}`)}\n`);
    for (const name of diff.variablesAdded) write(`${paint(GREEN, `+${formatUntrustedText(name, 120)}`)}\n`);
  }
  const changes = Object.entries(diff.modelConfig);
  if (changes.length === 0) write('Model config: unchanged\n');
  else {
    write('Model config:\n');
    for (const [key, change] of changes) {
      write(`  ${formatUntrustedText(key, 80)}: ${formatUntrustedText(`${formatConfigValue(change.from)} → ${formatConfigValue(change.to)}`, 240)}\n`);
    }
  }
}

/** `assay prompts diff <from> <to>`: how two prompt versions differ, unified-style, or as JSON. */
export async function diffPrompts({ context, command, from, to, options }: DiffPromptsOptions): Promise<void> {
  const diff = await withRegistry({ context, command, mustExist: true }, (registry) => registry.diffPromptVersions(from, to));
  if (options.json) printJson(diff, context.stdout);
  else printPromptDiff(diff, context.stdout, context.color === true);
}
