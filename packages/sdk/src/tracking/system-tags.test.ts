import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_TAGS } from '@assay/core';
import { readProcessStartTime } from '@assay/store/process';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { readGitInfo } from './system-tags.js';
import { getRun, startRun } from '../index.js';

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

describe('system tags on every run', () => {
  useTempTrackingUri();

  it('records source, user, Node version, the process (host, pid, start time) and the git commit and branch', async () => {
    const run = await startRun({ tags: { [SYSTEM_TAGS.sourceType]: 'NOTEBOOK' } });
    await run.end();
    const { tags } = (await getRun(run.id)).data;
    expect(tags[SYSTEM_TAGS.sourceName]).toBeTruthy();
    expect(tags[SYSTEM_TAGS.sourceType]).toBe('NOTEBOOK'); // explicit user tags override
    expect(tags[SYSTEM_TAGS.user]).toBe(userInfo().username);
    expect(tags[SYSTEM_TAGS.nodeVersion]).toBe(process.version);
    expect(tags[SYSTEM_TAGS.processHost]).toBe(hostname());
    expect(tags[SYSTEM_TAGS.processPid]).toBe(String(process.pid));
    // This process started before the run did, and (on Linux) when the kernel says it did.
    const processStart = Number(tags[SYSTEM_TAGS.processStart]);
    expect(processStart).toBeLessThanOrEqual(run.info.startTime);
    if (process.platform === 'linux') expect(processStart).toBe(readProcessStartTime(process.pid));
    const head = git('rev-parse', 'HEAD');
    if (head !== undefined) {
      expect(tags[SYSTEM_TAGS.gitCommit]).toBe(head);
      const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
      if (branch !== undefined && branch !== 'HEAD') expect(tags[SYSTEM_TAGS.gitBranch]).toBe(branch);
    } else {
      expect(tags[SYSTEM_TAGS.gitCommit]).toBeUndefined();
    }
  });
});

describe('readGitInfo', () => {
  let root: string;
  const commit = 'a'.repeat(40);
  const other = 'b'.repeat(40);
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-git-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('follows HEAD to a loose ref, from a subdirectory, and reads origin without credentials', async () => {
    await mkdir(join(root, '.git', 'refs', 'heads', 'feature'), { recursive: true });
    await mkdir(join(root, 'src', 'deep'), { recursive: true });
    await writeFile(join(root, '.git', 'HEAD'), 'ref: refs/heads/feature/x\n');
    await writeFile(join(root, '.git', 'refs', 'heads', 'feature', 'x'), `${commit}\n`);
    await writeFile(
      join(root, '.git', 'config'),
      '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://example.com/up.git\n[remote "origin"]\n\turl = https://user:token@github.com/org/repo.git\n',
    );
    expect(await readGitInfo(join(root, 'src', 'deep'))).toEqual({
      commit,
      branch: 'feature/x',
      repoUrl: 'https://github.com/org/repo.git',
    });
  });

  it('reads packed refs, detached heads and worktree gitdir files', async () => {
    await mkdir(join(root, 'main', '.git', 'worktrees', 'wt'), { recursive: true });
    const gitDirectory = join(root, 'main', '.git');
    await writeFile(join(gitDirectory, 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(gitDirectory, 'packed-refs'), `# pack-refs with: peeled\n${commit} refs/heads/main\n^${other}\n${other} refs/heads/dev\n`);
    expect(await readGitInfo(join(root, 'main'))).toEqual({ commit, branch: 'main' });

    // A worktree: `.git` is a file pointing at .git/worktrees/wt, whose refs live in the common dir.
    await mkdir(join(root, 'wt'));
    await writeFile(join(root, 'wt', '.git'), `gitdir: ${join(gitDirectory, 'worktrees', 'wt')}\n`);
    await writeFile(join(gitDirectory, 'worktrees', 'wt', 'commondir'), '../..\n');
    await writeFile(join(gitDirectory, 'worktrees', 'wt', 'HEAD'), 'ref: refs/heads/dev\n');
    expect(await readGitInfo(join(root, 'wt'))).toEqual({ commit: other, branch: 'dev' });

    await writeFile(join(gitDirectory, 'HEAD'), `${other}\n`);
    expect(await readGitInfo(join(root, 'main'))).toEqual({ commit: other });
  });

  it('is undefined outside a checkout and before the first commit', async () => {
    // tmpdir() is assumed not to be inside a git checkout.
    expect(await readGitInfo(root)).toBeUndefined();
    await mkdir(join(root, '.git'));
    await writeFile(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(await readGitInfo(root)).toBeUndefined();
  });
});
