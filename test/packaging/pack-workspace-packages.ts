import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommandOrFail } from './run-command.js';

/** The fields of a package.json the packaging tests read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, Record<string, string>>;
  /** Package imports (`#platform`), by condition. */
  imports?: Record<string, Record<string, string>>;
  [field: string]: unknown;
}

/** One workspace package packed into a tarball. */
export interface PackedPackage {
  /** `@assay/core` ... */
  name: string;
  /** Its folder in the repository. */
  directory: string;
  /** The tarball `pnpm pack` wrote. */
  tarball: string;
}

/** Options of {@link packWorkspacePackages}. */
export interface PackWorkspacePackagesOptions {
  /** The repository root. */
  repositoryRoot: string;
  /** Where the tarballs go. */
  destination: string;
  /** The environment `pnpm` runs in. */
  env: NodeJS.ProcessEnv;
}

/** The pnpm that runs this test (`pnpm exec vitest` says where it is: a binary or a script), else the one on PATH. */
function pnpmCommand(env: NodeJS.ProcessEnv): { command: string; args: string[] } {
  const execPath = env['npm_execpath'];
  if (execPath === undefined || !/\bpnpm\b/.test(execPath) || !existsSync(execPath)) return { command: 'pnpm', args: [] };
  return /\.[cm]?js$/.test(execPath) ? { command: process.execPath, args: [execPath] } : { command: execPath, args: [] };
}

/**
 * Packs every public package of `packages/` with `pnpm pack`, as `pnpm publish`
 * would (it rewrites `workspace:` ranges and adds the root LICENSE). Packs
 * what `pnpm run build` wrote: a package without its bundles is an error.
 */
export async function packWorkspacePackages({ repositoryRoot, destination, env }: PackWorkspacePackagesOptions): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  for (const folder of readdirSync(join(repositoryRoot, 'packages')).sort()) {
    const directory = join(repositoryRoot, 'packages', folder);
    if (!existsSync(join(directory, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as PackageManifest;
    if (manifest.private === true) continue;
    if (manifest.main === undefined || !existsSync(join(directory, manifest.main))) {
      throw new Error(`${manifest.name} has no ${manifest.main ?? 'main'}: run \`pnpm run build\` before this test`);
    }
    const before = new Set(readdirSync(destination));
    const pnpm = pnpmCommand(env);
    await runCommandOrFail({ command: pnpm.command, args: [...pnpm.args, 'pack', '--pack-destination', destination], cwd: directory, env });
    const written = readdirSync(destination).filter((file) => file.endsWith('.tgz') && !before.has(file));
    if (written.length !== 1) throw new Error(`pnpm pack of ${manifest.name} wrote ${written.length} tarballs: ${written.join(', ')}`);
    packed.push({ name: manifest.name, directory, tarball: join(destination, written[0]!) });
  }
  return packed;
}
