import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommandOrFail } from './run-command.js';
import type { PackedPackage } from './pack-workspace-packages.js';

/** The user's npm settings that may reach npm through the environment (a mirror, a proxy, a CA). */
const KEPT_NPM_SETTINGS = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_cafile', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy', 'npm_config_strict_ssl', 'npm_config_userconfig']);

/**
 * The environment of a user's shell, from this process's: without what
 * pnpm, npm scripts and vitest add (`npm_config_local_prefix` would point
 * npm at the repository; NODE_OPTIONS could add conditions), nor Assay's or
 * OpenAI's settings.
 */
export function userEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(
    ([name]) =>
      KEPT_NPM_SETTINGS.has(name) ||
      !/^(npm_|pnpm_|PNPM_|VITEST|ASSAY_|OPENAI_|INIT_CWD$|NODE_OPTIONS$|NODE_ENV$|TSX_)/.test(name),
  );
  return { ...Object.fromEntries(kept), npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
}

/** Options of {@link createScratchApp}. */
export interface CreateScratchAppOptions {
  /** An empty folder outside the repository. */
  directory: string;
  /** The packed packages, installed from their tarballs. */
  packages: readonly PackedPackage[];
  /** Other dependencies, installed from the npm registry: name -> range. */
  registryDependencies: Readonly<Record<string, string>>;
  /** A folder whose files are copied into the app (its scripts). */
  files: string;
  /** The environment npm runs in (see {@link userEnvironment}). */
  env: NodeJS.ProcessEnv;
}

/** Writes an app that depends on the tarballs and installs it with plain `npm install`. */
export async function createScratchApp({ directory, packages, registryDependencies, files, env }: CreateScratchAppOptions): Promise<void> {
  mkdirSync(directory, { recursive: true });
  cpSync(files, directory, { recursive: true });
  const dependencies = Object.fromEntries([...packages.map((packed) => [packed.name, `file:${packed.tarball}`]), ...Object.entries(registryDependencies)]);
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'assay-scratch-app', private: true, type: 'module', dependencies }, null, 2)}\n`);
  await runCommandOrFail({ command: 'npm', args: ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], cwd: directory, env });
}
