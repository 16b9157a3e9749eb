import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { resolveTrackingUri, trackingUriArguments } from './store-option.js';

/** The root package of the Assay repository, whose `assay` script runs the CLI it built. */
const REPOSITORY_PACKAGE = 'assay-monorepo';

/** Options of `assayCommandPrefix`. */
export interface AssayCommandPrefixOptions {
  /** The CLI's environment (`ASSAY_TRACKING_URI`). */
  context: CliContext;
  /** The running command (for `--tracking-uri`). */
  command: Command;
  /** The shell's working directory, where the printed command will run. Default `process.cwd()`. */
  cwd?: string;
}

/** The root of the Assay repository holding `directory`, if any. */
function findRepositoryRoot(directory: string): string | undefined {
  for (let current = resolve(directory); ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { name, scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; scripts?: Record<string, unknown> };
        if (name === REPOSITORY_PACKAGE && typeof scripts?.assay === 'string') return current;
      } catch {
        // A package.json that is not JSON is not the repository's.
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

/**
 * How to start `assay` in a suggested follow-up command, so that it runs as
 * printed where the user is: `assay` (installed), or inside the Assay
 * repository, where no `assay` is on the PATH, its root script `pnpm assay`
 * (`pnpm -w assay` below the root). pnpm runs that script in the repository
 * root, so from anywhere else a relative store path is given absolute.
 * Then `--tracking-uri` when the user gave one.
 *
 * @example assayCommandPrefix({ context, command }) // ['pnpm', 'assay'] at the repository root
 */
export function assayCommandPrefix({ context, command, cwd = process.cwd() }: AssayCommandPrefixOptions): string[] {
  const root = findRepositoryRoot(cwd);
  if (root === undefined) return ['assay', ...trackingUriArguments(command)];
  const atRoot = resolve(cwd) === root;
  const runner = atRoot ? ['pnpm', 'assay'] : ['pnpm', '-w', 'assay'];
  const trackingUri = resolveTrackingUri(command, context.env);
  const isRelativePath = !/^[a-zA-Z][a-zA-Z0-9+.-]+:/u.test(trackingUri) && !isAbsolute(trackingUri);
  if (!atRoot && isRelativePath) return [...runner, '--tracking-uri', resolve(cwd, trackingUri)];
  return [...runner, ...trackingUriArguments(command)];
}
