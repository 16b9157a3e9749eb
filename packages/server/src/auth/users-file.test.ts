import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsersFile } from './users-file.js';

const PASSWORD = 'correct horse battery';

describe('UsersFile', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-users-file-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('creates the file (mode 0600) on the first change, with hashes only: no password or token in it', async () => {
    const users = new UsersFile({ path: join(directory, 'one', 'users.json') });
    expect(await users.exists()).toBe(false);
    expect(await users.listUsers()).toEqual([]);
    const alice = await users.createUser({ username: 'alice', password: PASSWORD, isAdmin: true });
    expect(alice).toEqual({ id: 1, username: 'alice', isAdmin: true, createdAt: expect.any(Number), experimentPermissions: {}, registeredModelPermissions: {} });
    const { token } = await users.createToken({ username: 'alice', name: 'ci' });
    expect(await users.exists()).toBe(true);
    expect(await users.mode()).toBe(0o600);
    expect((await stat(join(directory, 'one', 'users.json'))).mode & 0o077).toBe(0);
    const text = await readFile(users.path, 'utf8');
    expect(text).not.toContain(PASSWORD);
    // The secret is base64url, so it may itself contain '_': everything after `assay_<id>_`.
    const secret = token.split('_').slice(2).join('_');
    expect(secret).toHaveLength(43);
    expect(text).not.toContain(secret);
    expect(text).toContain('$scrypt$');
  });

  it('authenticates passwords and tokens; revoked tokens, wrong passwords and unknown users fail', async () => {
    const users = new UsersFile({ path: join(directory, 'two.json') });
    await users.createUser({ username: 'bob', password: PASSWORD });
    expect(await users.authenticate({ kind: 'basic', username: 'bob', password: PASSWORD })).toMatchObject({ username: 'bob', isAdmin: false, method: 'basic' });
    // Remembered after the first check: the same answer, without scrypt.
    expect(await users.authenticate({ kind: 'basic', username: 'bob', password: PASSWORD })).toMatchObject({ username: 'bob' });
    expect(await users.authenticate({ kind: 'basic', username: 'bob', password: 'wrong password' })).toBeUndefined();
    expect(await users.authenticate({ kind: 'basic', username: 'nobody', password: PASSWORD })).toBeUndefined();

    const created = await users.createToken({ username: 'bob' });
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), username: 'bob', name: 'token', createdAt: expect.any(Number), token: expect.any(String) });
    expect(await users.authenticate({ kind: 'token', token: created.token })).toMatchObject({ username: 'bob', method: 'token', tokenId: created.id });
    expect(await users.listTokens('bob')).toEqual([{ id: created.id, username: 'bob', name: 'token', createdAt: created.createdAt }]);
    await users.revokeToken(created.id);
    expect(await users.authenticate({ kind: 'token', token: created.token })).toBeUndefined();
    await expect(users.revokeToken(created.id)).rejects.toThrow('No API token has the id');

    // A new password replaces the remembered one.
    await users.setPassword({ username: 'bob', password: 'another long password' });
    expect(await users.authenticate({ kind: 'basic', username: 'bob', password: PASSWORD })).toBeUndefined();
    expect(await users.authenticate({ kind: 'basic', username: 'bob', password: 'another long password' })).toMatchObject({ username: 'bob' });
  });

  it('sees changes another process makes to the file', async () => {
    const path = join(directory, 'shared.json');
    const server = new UsersFile({ path });
    const cli = new UsersFile({ path });
    await cli.createUser({ username: 'carol', password: PASSWORD });
    const { token, id } = await cli.createToken({ username: 'carol' });
    expect(await server.authenticate({ kind: 'token', token })).toMatchObject({ username: 'carol' });
    await cli.revokeToken(id);
    expect(await server.authenticate({ kind: 'token', token })).toBeUndefined();
    await cli.setExperimentPermission({ username: 'carol', experimentId: '7', permission: 'EDIT', mode: 'create' });
    expect((await server.getUser('carol'))?.experimentPermissions).toEqual({ '7': 'EDIT' });
  });

  it('keeps permissions per experiment: create, update, upsert, delete, with MLflow\'s errors', async () => {
    const users = new UsersFile({ path: join(directory, 'permissions.json') });
    await users.createUser({ username: 'dave', password: PASSWORD });
    await users.setExperimentPermission({ username: 'dave', experimentId: '1', permission: 'READ', mode: 'create' });
    await expect(users.setExperimentPermission({ username: 'dave', experimentId: '1', permission: 'EDIT', mode: 'create' })).rejects.toMatchObject({ code: 'RESOURCE_ALREADY_EXISTS' });
    await users.setExperimentPermission({ username: 'dave', experimentId: '1', permission: 'EDIT', mode: 'update' });
    await expect(users.setExperimentPermission({ username: 'dave', experimentId: '2', permission: 'EDIT', mode: 'update' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await users.setExperimentPermission({ username: 'dave', experimentId: '2', permission: 'MANAGE', mode: 'upsert' });
    expect((await users.getUser('dave'))?.experimentPermissions).toEqual({ '1': 'EDIT', '2': 'MANAGE' });
    await users.deleteExperimentPermission({ username: 'dave', experimentId: '1' });
    await expect(users.deleteExperimentPermission({ username: 'dave', experimentId: '1' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(users.setExperimentPermission({ username: 'nobody', experimentId: '1', permission: 'READ', mode: 'create' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(users.setExperimentPermission({ username: 'dave', experimentId: '__proto__', permission: 'READ', mode: 'create' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
  });

  it('validates usernames, refuses duplicates, and keeps the last admin', async () => {
    const users = new UsersFile({ path: join(directory, 'rules.json') });
    for (const username of ['', 'with space', 'with:colon', 'x'.repeat(129)]) {
      await expect(users.createUser({ username, password: PASSWORD }), username).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    }
    await users.createUser({ username: 'erin@example.com', password: PASSWORD, isAdmin: true });
    await expect(users.createUser({ username: 'erin@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'RESOURCE_ALREADY_EXISTS' });
    await expect(users.deleteUser('erin@example.com')).rejects.toThrow('last admin');
    await expect(users.setAdmin({ username: 'erin@example.com', isAdmin: false })).rejects.toThrow('last admin');
    await users.createUser({ username: 'frank', password: PASSWORD });
    await users.setAdmin({ username: 'frank', isAdmin: true });
    await users.deleteUser('erin@example.com');
    expect((await users.listUsers()).map((user) => [user.username, user.isAdmin])).toEqual([['frank', true]]);
    await expect(users.deleteUser('erin@example.com')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('serialises concurrent changes, in one process and across instances (the lock file)', async () => {
    const path = join(directory, 'concurrent.json');
    const first = new UsersFile({ path });
    const second = new UsersFile({ path });
    await first.createUser({ username: 'gina', password: PASSWORD });
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).setExperimentPermission({ username: 'gina', experimentId: String(index), permission: 'READ', mode: 'create' })),
    );
    expect(Object.keys((await first.getUser('gina'))!.experimentPermissions)).toHaveLength(20);
  });

  it('fails closed on a damaged file: nobody gets in, and the message names the file', async () => {
    const path = join(directory, 'damaged.json');
    await writeFile(path, '{"version": 1, "users": [{"username": "x"}]}');
    const users = new UsersFile({ path });
    await expect(users.authenticate({ kind: 'basic', username: 'x', password: PASSWORD })).rejects.toThrow(`The users file ${path} is damaged`);
    await writeFile(path, 'not json');
    await expect(users.listUsers()).rejects.toThrow('is not valid JSON');
  });

  it('keeps permissions per registered model: moved by a rename (replacing stale grants on the new name), removed with the model', async () => {
    const users = new UsersFile({ path: join(directory, 'models', 'users.json') });
    await users.createUser({ username: 'ana', password: PASSWORD });
    await users.createUser({ username: 'bo', password: PASSWORD });
    await users.setRegisteredModelPermission({ username: 'ana', name: 'chat', permission: 'MANAGE', mode: 'create' });
    await expect(users.setRegisteredModelPermission({ username: 'ana', name: 'chat', permission: 'READ', mode: 'create' })).rejects.toThrow('already');
    await expect(users.setRegisteredModelPermission({ username: 'bo', name: 'chat', permission: 'READ', mode: 'update' })).rejects.toThrow('no permission');
    await users.setRegisteredModelPermission({ username: 'bo', name: 'bot', permission: 'EDIT', mode: 'upsert' });
    await users.renameRegisteredModelPermissions({ name: 'chat', newName: 'bot' });
    expect((await users.getUser('ana'))?.registeredModelPermissions).toEqual({ bot: 'MANAGE' });
    expect((await users.getUser('bo'))?.registeredModelPermissions).toEqual({});
    await users.deleteRegisteredModelPermissions('bot');
    expect((await users.getUser('ana'))?.registeredModelPermissions).toEqual({});
    await expect(users.deleteRegisteredModelPermission({ username: 'ana', name: 'bot' })).rejects.toThrow('no permission');
  });

  it('reads a file written before registered models had permissions', async () => {
    const path = join(directory, 'older', 'users.json');
    const users = new UsersFile({ path });
    await users.createUser({ username: 'old', password: PASSWORD });
    const data = JSON.parse(await readFile(path, 'utf8')) as { users: Record<string, unknown>[] };
    delete data.users[0]!['registeredModelPermissions'];
    await writeFile(path, JSON.stringify(data));
    expect(await new UsersFile({ path }).getUser('old')).toMatchObject({ username: 'old', registeredModelPermissions: {} });
  });
});
