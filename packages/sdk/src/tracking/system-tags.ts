import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { SYSTEM_TAGS } from '@assay/core';

/** What a git checkout says about the code that runs. */
export interface GitInfo {
  /** The checked-out commit's full hash. */
  commit: string;
  /** The checked-out branch; absent on a detached HEAD. */
  branch?: string;
  /** The `origin` remote's URL, without credentials. */
  repoUrl?: string;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The `.git` directory of the checkout containing `start` (following `gitdir:` files of worktrees and submodules). */
async function findGitDirectory(start: string): Promise<string | undefined> {
  let directory = resolve(start);
  for (;;) {
    const candidate = join(directory, '.git');
    try {
      const info = await stat(candidate);
      if (info.isDirectory()) return candidate;
      if (info.isFile()) {
        const pointer = /^gitdir:\s*(.+)$/mu.exec((await readText(candidate)) ?? '')?.[1]?.trim();
        if (pointer) return resolve(directory, pointer);
      }
    } catch {
      // not here; keep walking up
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/u;

async function resolveReference(gitDirectory: string, commonDirectory: string, reference: string): Promise<string | undefined> {
  let current = reference;
  for (let depth = 0; depth < 5; depth += 1) {
    const content = ((await readText(join(gitDirectory, current))) ?? (await readText(join(commonDirectory, current))))?.trim();
    if (content === undefined) break;
    if (HASH.test(content)) return content;
    const target = /^ref:\s*(.+)$/u.exec(content)?.[1];
    if (!target) return undefined;
    current = target.trim();
  }
  const packed = await readText(join(commonDirectory, 'packed-refs'));
  for (const line of packed?.split('\n') ?? []) {
    if (line.startsWith('#') || line.startsWith('^')) continue;
    const [hash, name] = line.trim().split(' ');
    if (name === current && hash !== undefined && HASH.test(hash)) return hash;
  }
  return undefined;
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url; // scp-like `git@host:org/repo.git` carries no secret
  }
}

function originUrl(config: string | undefined): string | undefined {
  let inOrigin = false;
  for (const raw of config?.split('\n') ?? []) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inOrigin = /^\[remote\s+"origin"\]$/u.test(line);
      continue;
    }
    const url = inOrigin ? /^url\s*=\s*(.+)$/u.exec(line)?.[1] : undefined;
    if (url) return withoutCredentials(url.trim());
  }
  return undefined;
}

/**
 * Reads the commit, branch and origin URL of the git checkout containing
 * `cwd` straight from the `.git` files (no `git` process). Undefined outside a
 * checkout or when HEAD names no commit yet.
 */
export async function readGitInfo(cwd: string = process.cwd()): Promise<GitInfo | undefined> {
  const gitDirectory = await findGitDirectory(cwd);
  if (!gitDirectory) return undefined;
  const common = (await readText(join(gitDirectory, 'commondir')))?.trim();
  const commonDirectory = common ? resolve(gitDirectory, common) : gitDirectory;
  const head = (await readText(join(gitDirectory, 'HEAD')))?.trim();
  if (!head) return undefined;
  let commit: string | undefined;
  let branch: string | undefined;
  if (HASH.test(head)) {
    commit = head;
  } else {
    const reference = /^ref:\s*(.+)$/u.exec(head)?.[1]?.trim();
    if (!reference) return undefined;
    if (reference.startsWith('refs/heads/')) branch = reference.slice('refs/heads/'.length);
    commit = await resolveReference(gitDirectory, commonDirectory, reference);
  }
  if (!commit) return undefined;
  const repoUrl = originUrl(await readText(join(commonDirectory, 'config')));
  return { commit, ...(branch !== undefined ? { branch } : {}), ...(repoUrl !== undefined ? { repoUrl } : {}) };
}

/** The user running this process, or '' when the system cannot tell. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? process.env.USERNAME ?? '';
  }
}

/** The entry script, relative to the working directory when inside it. */
function sourceName(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  const absolute = resolve(script);
  const inside = relative(process.cwd(), absolute);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : absolute;
}

let cached: Promise<Record<string, string>> | undefined;

/**
 * The tags every run of this process starts with: the entry script, source
 * type, user, Node version, this process (host, pid, start time), and git
 * commit/branch/origin when in a git checkout. Computed once per process.
 */
export function getSystemTags(): Promise<Record<string, string>> {
  cached ??= (async () => {
    const tags: Record<string, string> = {};
    const source = sourceName();
    if (source !== undefined) tags[SYSTEM_TAGS.sourceName] = source;
    tags[SYSTEM_TAGS.sourceType] = 'LOCAL';
    const user = currentUser();
    if (user !== '') tags[SYSTEM_TAGS.user] = user;
    tags[SYSTEM_TAGS.nodeVersion] = process.version;
    // Lets a later process tell that this one is gone and end its runs left RUNNING. (A small module
    // without DuckDB, loaded with the first run: importing the SDK loads no part of the store.)
    const { currentProcessIdentity } = await import('@assay/store/process');
    const { host, pid, startTime } = currentProcessIdentity();
    tags[SYSTEM_TAGS.processHost] = host;
    tags[SYSTEM_TAGS.processPid] = String(pid);
    tags[SYSTEM_TAGS.processStart] = String(startTime);
    const git = await readGitInfo().catch(() => undefined);
    if (git) {
      tags[SYSTEM_TAGS.gitCommit] = git.commit;
      if (git.branch !== undefined) tags[SYSTEM_TAGS.gitBranch] = git.branch;
      if (git.repoUrl !== undefined) tags[SYSTEM_TAGS.gitRepoUrl] = git.repoUrl;
    }
    return tags;
  })();
  return cached;
}
