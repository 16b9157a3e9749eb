/**
 * Loads one checkout's built packages (their dist, as users install them) by
 * absolute file URL, resolving each dependency through that checkout's own
 * node_modules, so two checkouts loaded in one process get separate copies of
 * everything: @assay/*, openai, @opentelemetry/api, @duckdb/node-api. Only the
 * public API is used (`@assay/sdk`, `@assay/sdk/test`), so the benches keep
 * working while the internals change. See bench/ab/README.md for the limits.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sdk from '@assay/sdk';
import type * as SdkTest from '@assay/sdk/test';
import type * as DuckDb from '@duckdb/node-api';
import type OpenAI from 'openai';

type SdkModule = typeof Sdk;
type SdkTestModule = typeof SdkTest;
type DuckDbModule = typeof DuckDb;

/** One checkout's packages, loaded. */
export interface AssayBuild {
  /** The checkout's directory. */
  root: string;
  /** A short name for reports ("A", "B", "this checkout"). */
  label: string;
  /** `git describe`-like identity of the checkout: commit, and "+dirty" with uncommitted changes. */
  revision: string;
  sdk: SdkModule;
  testing: SdkTestModule;
  /**
   * The checkout's openai 6 twice: its ES build (`plain`, never instrumented)
   * and its CommonJS build (`traced`, separate classes, the one to hand to
   * `autolog({ openai })`). Same code, so a plain and a traced client can run
   * side by side without toggling (which would deoptimise both paths).
   */
  openai: { plain: typeof OpenAI; traced: typeof OpenAI };
  /** The checkout's @duckdb/node-api, loaded when first asked for (its native module costs RSS and ~150 ms). */
  duckdb(): DuckDbModule;
}

/** This checkout (the one the bench file is in). */
export const THIS_CHECKOUT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/u, '');

function revisionOf(root: string): string {
  try {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no', '--', 'packages'], { encoding: 'utf8' }).trim();
    return dirty === '' ? commit : `${commit}+dirty`;
  } catch {
    return 'unknown';
  }
}

async function importFile<T>(path: string): Promise<T> {
  if (!existsSync(path)) throw new Error(`${path} does not exist: build that checkout first (pnpm install && pnpm run build)`);
  return (await import(pathToFileURL(path).href)) as T;
}

/** The ES entry of a package, resolved from `fromDirectory` through its node_modules. */
function resolveEsEntry(fromDirectory: string, name: string): string {
  // Packages may not export ./package.json: find it above the CommonJS entry.
  let directory = dirname(createRequire(join(fromDirectory, 'noop.js')).resolve(name));
  while (!existsSync(join(directory, 'package.json')) || (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the package.json of ${name} from ${fromDirectory}`);
    directory = parent;
  }
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
    exports?: Record<string, { default?: string } | string>;
    module?: string;
    main?: string;
  };
  const dot = manifest.exports?.['.'];
  const entry = typeof dot === 'string' ? dot : (dot?.default ?? manifest.module ?? manifest.main ?? 'index.js');
  return join(directory, entry);
}

/** The checkout's openai (ES build, CommonJS build), resolved through its node_modules. */
export async function loadOpenAI(root: string): Promise<AssayBuild['openai']> {
  const absolute = resolve(root);
  const plain = (await importFile<{ default: typeof OpenAI }>(resolveEsEntry(absolute, 'openai'))).default;
  const traced = createRequire(join(absolute, 'package.json'))('openai') as typeof OpenAI;
  return { plain, traced };
}

/** Loads the built packages of the checkout at `root`. */
export async function loadBuild(root: string, label = root): Promise<AssayBuild> {
  const absolute = resolve(root);
  const sdkDirectory = join(absolute, 'packages', 'sdk');
  const sdk = await importFile<SdkModule>(join(sdkDirectory, 'dist', 'index.js'));
  const testing = await importFile<SdkTestModule>(join(sdkDirectory, 'dist', 'testing', 'index.js'));
  const openai = await loadOpenAI(absolute);
  let duckdb: DuckDbModule | undefined;
  const loadDuckDb = (): DuckDbModule =>
    (duckdb ??= createRequire(join(absolute, 'packages', 'store', 'package.json'))('@duckdb/node-api') as DuckDbModule);
  return { root: absolute, label, revision: revisionOf(absolute), sdk, testing, openai, duckdb: loadDuckDb };
}

/**
 * The value of `--name value` or `--name=value` in argv, else `fallback`.
 * (The benches' flags are few; no parser needed.)
 */
export function flagValue(name: string, fallback?: string): string | undefined {
  const args = process.argv.slice(2);
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === `--${name}`) return args[index + 1] ?? fallback;
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return fallback;
}

/** True when `--name` is in argv. */
export function hasFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}
