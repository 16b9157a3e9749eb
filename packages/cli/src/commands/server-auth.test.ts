import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsersFile } from '@assay/server';
import { spawnCli, type SpawnCliOptions, type SpawnedCli } from '../__fixtures__/spawn-cli.js';
import type { ReadSecretOptions } from '../options/read-secret.js';
import { main } from '../program.js';

const PASSWORD = 'correct horse battery';

interface Captured {
  exitCode: number;
  stdout: string;
  stderr: string;
  prompts: ReadSecretOptions[];
}

/** Runs the CLI in-process; `secrets` answer the password prompts in order. */
async function run(args: readonly string[], { secrets = [], env = {} }: { secrets?: string[]; env?: Record<string, string> } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const prompts: ReadSecretOptions[] = [];
  const answers = [...secrets];
  const exitCode = await main(['node', 'assay', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    openStore: () => Promise.reject(new Error('the users commands open no store')),
    readSecret: (options) => {
      prompts.push(options);
      const answer = answers.shift();
      return answer === undefined ? Promise.reject(new Error('no more answers')) : Promise.resolve(answer);
    },
  });
  return { exitCode, stdout, stderr, prompts };
}

describe('assay server users / tokens', () => {
  let root: string;
  let usersPath: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-server-users-'));
    usersPath = join(root, 'users.json');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('users add: the password from a prompt (asked to confirm), never from argv; the file is created with mode 0600', async () => {
    const added = await run(['server', 'users', 'add', '--admin', 'alice', '--store', root], { secrets: [PASSWORD] });
    expect(added).toMatchObject({ exitCode: 0, stdout: `Added admin alice to ${usersPath}.\n` });
    expect(added.prompts).toEqual([{ prompt: 'Password for alice: ', confirm: true }]);
    expect(added.stderr).toContain('runs with authentication');
    expect((await stat(usersPath)).mode & 0o777).toBe(0o600);
    expect(await new UsersFile({ path: usersPath }).authenticate({ kind: 'basic', username: 'alice', password: PASSWORD })).toMatchObject({ isAdmin: true });

    // A password on the command line is an extra argument: refused before anything is read.
    const onArgv = await run(['server', 'users', 'add', 'bob', PASSWORD, '--store', root]);
    expect(onArgv.exitCode).toBe(2);
    expect(onArgv.stderr).toContain('too many arguments');
    expect(onArgv.prompts).toEqual([]);

    const json = await run(['server', 'users', 'add', 'bob', '--store', root, '--json'], { secrets: [PASSWORD] });
    expect(JSON.parse(json.stdout)).toEqual({ username: 'bob', isAdmin: false, createdAt: expect.any(Number), experimentPermissions: {} });
    const again = await run(['server', 'users', 'add', 'bob', '--store', root], { secrets: [PASSWORD] });
    expect([again.stderr, again.prompts]).toEqual([expect.stringContaining("User 'bob' already exists"), []]);
    expect((await run(['server', 'users', 'add', 'carl', '--store', root], { secrets: ['short'] })).stderr).toContain('at least 8 characters');
  });

  it('users list, set-password, make-admin, remove (the last admin stays)', async () => {
    const listed = await run(['server', 'users', 'list', '--store', root, '--json']);
    expect(JSON.parse(listed.stdout).map((user: { username: string; isAdmin: boolean }) => [user.username, user.isAdmin])).toEqual([
      ['alice', true],
      ['bob', false],
    ]);
    const table = await run(['server', 'users', 'list', '--store', root]);
    expect(table.stdout).toMatch(/Username.*Admin.*Permissions.*Tokens.*Created/);
    expect(table.stdout).toMatch(/alice\s*│\s*yes/);

    expect((await run(['server', 'users', 'set-password', 'bob', '--store', root], { secrets: ['a brand new password'] })).stdout).toBe('Changed the password of bob.\n');
    expect(await new UsersFile({ path: usersPath }).authenticate({ kind: 'basic', username: 'bob', password: 'a brand new password' })).toBeDefined();
    expect((await run(['server', 'users', 'set-password', 'nobody', '--store', root])).stderr).toContain("User 'nobody' does not exist");

    expect((await run(['server', 'users', 'make-admin', 'bob', '--store', root])).stdout).toBe('bob is an admin now.\n');
    expect((await run(['server', 'users', 'make-admin', 'bob', '--revoke', '--store', root])).stdout).toBe('bob is no longer an admin.\n');
    expect(JSON.parse((await run(['server', 'users', 'make-admin', 'bob', '--store', root, '--json'])).stdout)).toMatchObject({ username: 'bob', isAdmin: true });
    await run(['server', 'users', 'make-admin', 'bob', '--revoke', '--store', root]);
    const lastAdmin = await run(['server', 'users', 'remove', 'alice', '--store', root]);
    expect([lastAdmin.exitCode, lastAdmin.stderr]).toEqual([1, expect.stringContaining('it is the last admin')]);
    expect(JSON.parse((await run(['server', 'users', 'remove', 'bob', '--store', root, '--json'])).stdout)).toEqual({ username: 'bob', removed: true });
  });

  it('tokens create (printed once), list (never the secret), revoke', async () => {
    const created = await run(['server', 'tokens', 'create', 'alice', '--name', 'ci', '--store', root, '--json']);
    const token = JSON.parse(created.stdout) as { id: string; username: string; name: string; token: string };
    expect(token).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), username: 'alice', name: 'ci', createdAt: expect.any(Number), token: expect.stringMatching(/^assay_/) });
    const plain = await run(['server', 'tokens', 'create', 'alice', '--store', root]);
    expect(plain.stdout).toMatch(/^assay_[0-9a-f]{16}_\S{43}\n$/);
    expect(plain.stderr).toContain('it is not shown again');

    const listed = await run(['server', 'tokens', 'list', '--store', root, '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      { id: token.id, username: 'alice', name: 'ci', createdAt: expect.any(Number) },
      { id: expect.any(String), username: 'alice', name: 'token', createdAt: expect.any(Number) },
    ]);
    expect(listed.stdout).not.toContain(token.token.slice(24));
    expect((await run(['server', 'tokens', 'list', '--user', 'alice', '--store', root])).stdout).toMatch(/Id.*User.*Name.*Created/);

    const users = new UsersFile({ path: usersPath });
    expect(await users.authenticate({ kind: 'token', token: token.token })).toMatchObject({ username: 'alice' });
    expect(JSON.parse((await run(['server', 'tokens', 'revoke', token.id, '--store', root, '--json'])).stdout)).toEqual({ id: token.id, revoked: true });
    expect(await users.authenticate({ kind: 'token', token: token.token })).toBeUndefined();
    expect((await run(['server', 'tokens', 'revoke', token.id, '--store', root])).exitCode).toBe(1);
    expect((await run(['server', 'tokens', 'create', 'nobody', '--store', root])).stderr).toContain("User 'nobody' does not exist.");
  });

  it('finds the users file by --users-file, ASSAY_USERS_FILE, else users.json in the store (--tracking-uri too)', async () => {
    const elsewhere = join(root, 'elsewhere', 'team-users.json');
    expect((await run(['server', 'users', 'add', 'dora', '--users-file', elsewhere], { secrets: [PASSWORD] })).exitCode).toBe(0);
    expect(JSON.parse((await run(['server', 'users', 'list', '--json'], { env: { ASSAY_USERS_FILE: elsewhere } })).stdout).map((user: { username: string }) => user.username)).toEqual(['dora']);
    expect(JSON.parse((await run(['--tracking-uri', root, 'server', 'users', 'list', '--json'])).stdout).map((user: { username: string }) => user.username)).toEqual(['alice']);
    expect((await run(['server', 'users', 'list', '--store', 'http://127.0.0.1:5000'])).stderr).toContain('is a server already');
  });

  it('refuses to serve with a users file inside the artifact root (where the artifact proxy could serve it)', async () => {
    const refused = await run(['server', '--store', root, '--users-file', join(root, 'artifacts', 'users.json')]);
    expect([refused.exitCode, refused.stderr]).toEqual([1, expect.stringContaining('is inside the artifact root')]);
  });
});

/** The `{ url, ... }` line of `assay server --json`, once it is printed. */
async function listening(cli: SpawnedCli): Promise<{ url: string; auth: boolean }> {
  await expect.poll(() => cli.stdout, { timeout: 30_000, interval: 50 }).toMatch(/\n/);
  return JSON.parse(cli.stdout.split('\n')[0]!) as { url: string; auth: boolean };
}

function basic(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

describe('assay server on a non-loopback host (real processes)', () => {
  let root: string;
  const started: SpawnedCli[] = [];
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-server-exposed-'));
  });
  afterEach(async () => {
    for (const cli of started.splice(0)) cli.child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  /** `assay <args>` in a child process, killed after the test. */
  function start(args: readonly string[], options?: SpawnCliOptions): SpawnedCli {
    const cli = spawnCli(args, options);
    started.push(cli);
    return cli;
  }

  /** `assay server` on 0.0.0.0 and a free port: the process and the loopback URL to reach it. */
  async function serveExposed(args: readonly string[] = [], options?: SpawnCliOptions): Promise<{ server: SpawnedCli; url: string; auth: boolean }> {
    const server = start(['server', '--store', root, '--host', '0.0.0.0', '--port', '0', '--json', ...args], options);
    const { url, auth } = await listening(server);
    return { server, url: url.replace('0.0.0.0', '127.0.0.1'), auth };
  }

  it('is refused without auth or --insecure', async () => {
    const cli = start(['server', '--store', root, '--host', '0.0.0.0', '--port', '0', '--json']);
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr).toContain('Refusing to bind 0.0.0.0 without authentication');
    expect(cli.stdout).toBe('');
  }, 60_000);

  it('is accepted with a users file (an admin added with the password on stdin): 401 without credentials, 200 with them', async () => {
    const add = start(['server', 'users', 'add', '--admin', 'root', '--store', root], { input: `${PASSWORD}\n` });
    expect(await add.exited).toEqual({ code: 0, signal: null });
    const { server, url: local, auth } = await serveExposed();
    expect(auth).toBe(true);
    const anonymous = await fetch(`${local}/api/2.0/mlflow/experiments/search`);
    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="Assay", charset="UTF-8"']);
    expect((await fetch(`${local}/api/2.0/mlflow/experiments/search`, { headers: basic('root', 'wrong password') })).status).toBe(401);
    const signedIn = await fetch(`${local}/api/2.0/mlflow/experiments/search`, { headers: basic('root', PASSWORD) });
    expect(signedIn.status).toBe(200);
    expect((await fetch(`${local}/health`)).status).toBe(200);

    // A token made while the server runs works at once, and stops when revoked.
    const created = start(['server', 'tokens', 'create', 'root', '--store', root, '--json']);
    expect(await created.exited).toEqual({ code: 0, signal: null });
    const { token, id } = JSON.parse(created.stdout) as { token: string; id: string };
    expect((await fetch(`${local}/api/2.0/mlflow/experiments/search`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const revoked = start(['server', 'tokens', 'revoke', id, '--store', root]);
    expect(await revoked.exited).toEqual({ code: 0, signal: null });
    expect((await fetch(`${local}/api/2.0/mlflow/experiments/search`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stderr).toContain('is plain HTTP');
    const lines = server.stderr.split('\n').filter((line) => line.startsWith('{"time"')).map((line) => JSON.parse(line) as { status: number; user?: string });
    expect(lines.map((line) => [line.status, line.user])).toContainEqual([200, 'root']);
    expect(server.stderr).not.toContain(PASSWORD);
    expect(server.stderr).not.toContain(token);
  }, 120_000);

  it('--auth with ASSAY_ADMIN_USERNAME/PASSWORD creates the first admin; --auth without any user is refused', async () => {
    const nobody = await run(['server', '--store', root, '--auth']);
    expect([nobody.exitCode, nobody.stderr]).toEqual([1, expect.stringContaining('has no users, so nobody could sign in')]);

    const { server, url: local } = await serveExposed(['--auth', '--default-permission', 'no_permissions'], { env: { ASSAY_ADMIN_USERNAME: 'ops', ASSAY_ADMIN_PASSWORD: PASSWORD } });
    expect((await fetch(`${local}/api/2.0/mlflow/users/get?username=ops`, { headers: basic('ops', PASSWORD) }).then((response) => response.json())) as unknown).toMatchObject({
      user: { username: 'ops', is_admin: true },
    });
    expect(server.stderr).toContain('Created admin ops (from ASSAY_ADMIN_USERNAME)');
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect((await stat(join(root, 'users.json'))).mode & 0o777).toBe(0o600);
  }, 120_000);
});
