import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AlreadyExistsError, AssayError, InvalidParameterError, Mutex, NotFoundError, StoreBusyError } from '@assay/core';
import { apiTokenSecretMatches, createApiToken, parseApiToken } from './api-token.js';
import { hashPassword, isPasswordHash, verifyPassword } from './password-hash.js';
import { PERMISSIONS, type Permission } from './permission.js';
import type { ApiTokenInfo, AuthenticatedUser, Credentials, UserInfo, UserStore } from './user-store.js';

/** The users file's name in a store directory. */
export const USERS_FILE_NAME = 'users.json';

const USERNAME_PATTERN = /^[\p{L}\p{N}._@+-]{1,128}$/u;
const EXPERIMENT_ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;
const TOKEN_NAME_PATTERN = /^[^\p{Cc}]{1,64}$/u;

const storedToken = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/u),
  name: z.string(),
  secretHash: z.string().regex(/^[0-9a-f]{64}$/u),
  createdAt: z.number(),
});
const storedUser = z.object({
  id: z.number().int(),
  username: z.string().regex(USERNAME_PATTERN),
  passwordHash: z.string().refine(isPasswordHash, { error: 'not a password hash this version can check' }),
  isAdmin: z.boolean(),
  createdAt: z.number(),
  experimentPermissions: z.array(z.object({ experimentId: z.string().regex(EXPERIMENT_ID_PATTERN), permission: z.enum(PERMISSIONS) })),
  // Absent in files written before registered models had permissions.
  registeredModelPermissions: z.array(z.object({ name: z.string().min(1), permission: z.enum(PERMISSIONS) })).default([]),
  tokens: z.array(storedToken),
});
const usersData = z.object({ version: z.literal(1), users: z.array(storedUser) });

type StoredUser = z.infer<typeof storedUser>;
type UsersData = z.infer<typeof usersData>;

/** Options of UsersFile. */
export interface UsersFileOptions {
  /** The file; created (mode 0600) by the first change. */
  path: string;
  /** How long a change waits for another process's lock on the file. Default 5,000 ms. */
  lockTimeoutMs?: number;
}

// A lock file older than this was left by a process that died while writing.
const STALE_LOCK_MS = 30_000;
// Successful password checks remembered per process, so that a client sending basic auth on
// every request pays scrypt once, not on each request.
const MAX_REMEMBERED_PASSWORDS = 1000;

function emptyData(): UsersData {
  return { version: 1, users: [] };
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function checkUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw new InvalidParameterError(
      `Invalid username '${username.slice(0, 200)}': use 1 to 128 letters, digits and the characters . _ @ + - (no spaces or colons).`,
    );
  }
}

function checkExperimentId(experimentId: string): void {
  if (!EXPERIMENT_ID_PATTERN.test(experimentId)) throw new InvalidParameterError(`Invalid experiment id '${experimentId.slice(0, 200)}'.`);
}

function toUserInfo(user: StoredUser): UserInfo {
  return {
    id: user.id,
    username: user.username,
    isAdmin: user.isAdmin,
    createdAt: user.createdAt,
    experimentPermissions: Object.fromEntries(user.experimentPermissions.map(({ experimentId, permission }) => [experimentId, permission])),
    registeredModelPermissions: Object.fromEntries(user.registeredModelPermissions.map(({ name, permission }) => [name, permission])),
  };
}

function toTokenInfo(user: StoredUser, token: StoredUser['tokens'][number]): ApiTokenInfo {
  return { id: token.id, username: user.username, name: token.name, createdAt: token.createdAt };
}

function requireUser(data: UsersData, username: string): StoredUser {
  const user = data.users.find((candidate) => candidate.username === username);
  if (user === undefined) throw new NotFoundError(`User '${username}' does not exist.`);
  return user;
}

function checkNotLastAdmin(data: UsersData, user: StoredUser, what: string): void {
  if (user.isAdmin && data.users.filter((candidate) => candidate.isAdmin).length === 1) {
    throw new InvalidParameterError(`Cannot ${what} '${user.username}': it is the last admin. Make another user an admin first.`);
  }
}

/**
 * Users, password hashes, API token hashes and experiment permissions in one
 * JSON file (by default `users.json` in the store directory), written with
 * mode 0600 and replaced atomically (a temporary file renamed over it) under
 * a lock file, so that the CLI can change it while a server reads it. The
 * server sees changes made by other processes on its next request (it
 * re-reads the file when its inode, size or time changed).
 *
 * Passwords are hashed with scrypt (a salt per user) and compared in
 * constant time; tokens are stored as SHA-256 hashes of their secret. An
 * unreadable or damaged file fails every check (nobody gets in) rather than
 * being taken for an empty one.
 */
export class UsersFile implements UserStore {
  /** The file, absolute. */
  readonly path: string;
  private readonly lockTimeoutMs: number;
  private readonly mutex = new Mutex();
  private cached: { version: string; data: UsersData } | undefined;
  private readonly macKey = randomBytes(32);
  private readonly remembered = new Map<string, { passwordHash: string; mac: Buffer }>();
  private unknownUserHash: Promise<string> | undefined;

  constructor({ path, lockTimeoutMs = 5_000 }: UsersFileOptions) {
    this.path = resolve(path);
    this.lockTimeoutMs = lockTimeoutMs;
  }

  /** Whether the file exists (a server turns auth on when it does). */
  async exists(): Promise<boolean> {
    try {
      await stat(this.path);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** The file's permission bits, or undefined when it does not exist. */
  async mode(): Promise<number | undefined> {
    try {
      return (await stat(this.path)).mode & 0o777;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async authenticate(credentials: Credentials): Promise<AuthenticatedUser | undefined> {
    const data = await this.read();
    if (credentials.kind === 'token') {
      const parsed = parseApiToken(credentials.token);
      if (parsed === undefined) return undefined;
      for (const user of data.users) {
        const token = user.tokens.find((candidate) => candidate.id === parsed.id);
        if (token !== undefined) return apiTokenSecretMatches(parsed.secret, token.secretHash) ? { ...toUserInfo(user), method: 'token', tokenId: token.id } : undefined;
      }
      return undefined;
    }
    const user = data.users.find((candidate) => candidate.username === credentials.username);
    if (user === undefined) {
      // As long as a wrong password takes, so that timing does not tell which usernames exist.
      this.unknownUserHash ??= hashPassword(randomBytes(24).toString('base64'));
      await verifyPassword(credentials.password, await this.unknownUserHash);
      return undefined;
    }
    if (!this.wasVerified(user, credentials.password)) {
      if (!(await verifyPassword(credentials.password, user.passwordHash))) return undefined;
      this.remember(user, credentials.password);
    }
    return { ...toUserInfo(user), method: 'basic' };
  }

  async listUsers(): Promise<UserInfo[]> {
    const data = await this.read();
    return data.users.map(toUserInfo).sort((a, b) => a.username.localeCompare(b.username));
  }

  async getUser(username: string): Promise<UserInfo | undefined> {
    const user = (await this.read()).users.find((candidate) => candidate.username === username);
    return user === undefined ? undefined : toUserInfo(user);
  }

  async createUser({ username, password, isAdmin = false }: { username: string; password: string; isAdmin?: boolean }): Promise<UserInfo> {
    checkUsername(username);
    const passwordHash = await hashPassword(password);
    return this.update((data) => {
      if (data.users.some((user) => user.username === username)) throw new AlreadyExistsError(`User '${username}' already exists.`);
      const user: StoredUser = {
        id: data.users.reduce((max, candidate) => Math.max(max, candidate.id), 0) + 1,
        username,
        passwordHash,
        isAdmin,
        createdAt: Date.now(),
        experimentPermissions: [],
        registeredModelPermissions: [],
        tokens: [],
      };
      data.users.push(user);
      return toUserInfo(user);
    });
  }

  async setPassword({ username, password }: { username: string; password: string }): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.update((data) => {
      requireUser(data, username).passwordHash = passwordHash;
    });
  }

  async setAdmin({ username, isAdmin }: { username: string; isAdmin: boolean }): Promise<void> {
    await this.update((data) => {
      const user = requireUser(data, username);
      if (!isAdmin) checkNotLastAdmin(data, user, 'take admin rights from');
      user.isAdmin = isAdmin;
    });
  }

  async deleteUser(username: string): Promise<void> {
    await this.update((data) => {
      const user = requireUser(data, username);
      checkNotLastAdmin(data, user, 'remove');
      data.users = data.users.filter((candidate) => candidate !== user);
    });
  }

  async setExperimentPermission({ username, experimentId, permission, mode }: { username: string; experimentId: string; permission: Permission; mode: 'create' | 'update' | 'upsert' }): Promise<void> {
    checkExperimentId(experimentId);
    await this.update((data) => {
      const user = requireUser(data, username);
      const existing = user.experimentPermissions.find((grant) => grant.experimentId === experimentId);
      if (mode === 'create' && existing !== undefined) {
        throw new AlreadyExistsError(`User '${username}' has a permission on experiment '${experimentId}' already (${existing.permission}); update it instead.`);
      }
      if (mode === 'update' && existing === undefined) throw new NotFoundError(`User '${username}' has no permission on experiment '${experimentId}' to update.`);
      if (existing === undefined) user.experimentPermissions.push({ experimentId, permission });
      else existing.permission = permission;
    });
  }

  async deleteExperimentPermission({ username, experimentId }: { username: string; experimentId: string }): Promise<void> {
    await this.update((data) => {
      const user = requireUser(data, username);
      const remaining = user.experimentPermissions.filter((grant) => grant.experimentId !== experimentId);
      if (remaining.length === user.experimentPermissions.length) throw new NotFoundError(`User '${username}' has no permission on experiment '${experimentId}'.`);
      user.experimentPermissions = remaining;
    });
  }

  async setRegisteredModelPermission({ username, name, permission, mode }: { username: string; name: string; permission: Permission; mode: 'create' | 'update' | 'upsert' }): Promise<void> {
    if (name === '') throw new InvalidParameterError('A registered model name must be non-empty.');
    await this.update((data) => {
      const user = requireUser(data, username);
      const existing = user.registeredModelPermissions.find((grant) => grant.name === name);
      if (mode === 'create' && existing !== undefined) {
        throw new AlreadyExistsError(`User '${username}' has a permission on registered model '${name}' already (${existing.permission}); update it instead.`);
      }
      if (mode === 'update' && existing === undefined) throw new NotFoundError(`User '${username}' has no permission on registered model '${name}' to update.`);
      if (existing === undefined) user.registeredModelPermissions.push({ name, permission });
      else existing.permission = permission;
    });
  }

  async deleteRegisteredModelPermission({ username, name }: { username: string; name: string }): Promise<void> {
    await this.update((data) => {
      const user = requireUser(data, username);
      const remaining = user.registeredModelPermissions.filter((grant) => grant.name !== name);
      if (remaining.length === user.registeredModelPermissions.length) throw new NotFoundError(`User '${username}' has no permission on registered model '${name}'.`);
      user.registeredModelPermissions = remaining;
    });
  }

  async renameRegisteredModelPermissions({ name, newName }: { name: string; newName: string }): Promise<void> {
    if (name === newName) return;
    await this.update((data) => {
      for (const user of data.users) {
        user.registeredModelPermissions = user.registeredModelPermissions
          .filter((grant) => grant.name !== newName)
          .map((grant) => (grant.name === name ? { name: newName, permission: grant.permission } : grant));
      }
    });
  }

  async deleteRegisteredModelPermissions(name: string): Promise<void> {
    await this.update((data) => {
      for (const user of data.users) user.registeredModelPermissions = user.registeredModelPermissions.filter((grant) => grant.name !== name);
    });
  }

  async createToken({ username, name = 'token' }: { username: string; name?: string }): Promise<ApiTokenInfo & { token: string }> {
    if (!TOKEN_NAME_PATTERN.test(name)) throw new InvalidParameterError('A token name must be 1 to 64 characters, without control characters.');
    const created = createApiToken();
    return this.update((data) => {
      const user = requireUser(data, username);
      const token = { id: created.id, name, secretHash: created.secretHash, createdAt: Date.now() };
      user.tokens.push(token);
      return { ...toTokenInfo(user, token), token: created.token };
    });
  }

  async revokeToken(tokenId: string): Promise<void> {
    await this.update((data) => {
      const user = data.users.find((candidate) => candidate.tokens.some((token) => token.id === tokenId));
      if (user === undefined) throw new NotFoundError(`No API token has the id '${tokenId.slice(0, 200)}'.`);
      user.tokens = user.tokens.filter((token) => token.id !== tokenId);
    });
  }

  async listTokens(username?: string): Promise<ApiTokenInfo[]> {
    const data = await this.read();
    if (username !== undefined) requireUser(data, username);
    return data.users
      .filter((user) => username === undefined || user.username === username)
      .flatMap((user) => user.tokens.map((token) => toTokenInfo(user, token)))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  private mac(password: string): Buffer {
    return createHmac('sha256', this.macKey).update(password, 'utf8').digest();
  }

  private wasVerified(user: StoredUser, password: string): boolean {
    const entry = this.remembered.get(user.username);
    // A changed password hash (a new password) forgets the old one.
    return entry !== undefined && entry.passwordHash === user.passwordHash && timingSafeEqual(entry.mac, this.mac(password));
  }

  private remember(user: StoredUser, password: string): void {
    if (this.remembered.size >= MAX_REMEMBERED_PASSWORDS) this.remembered.clear();
    this.remembered.set(user.username, { passwordHash: user.passwordHash, mac: this.mac(password) });
  }

  /** The file's content, read again only when the file changed (a rename gives it a new inode). */
  private async read(): Promise<UsersData> {
    let version: string;
    try {
      const info = await stat(this.path);
      version = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if (isMissing(error)) return emptyData();
      throw error;
    }
    if (this.cached?.version === version) return this.cached.data;
    const data = await this.readFresh();
    this.cached = { version, data };
    return data;
  }

  private async readFresh(): Promise<UsersData> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return emptyData();
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AssayError('INTERNAL_ERROR', `The users file ${this.path} is not valid JSON; fix it or remove it (and add the users again).`, { cause: error });
    }
    const result = usersData.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new AssayError('INTERNAL_ERROR', `The users file ${this.path} is damaged (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); fix it or remove it.`);
    }
    return result.data;
  }

  /** Reads the file under the lock, applies `change`, writes it back atomically. */
  private update<T>(change: (data: UsersData) => T): Promise<T> {
    return this.mutex.runExclusive(() =>
      this.withLock(async () => {
        const data = await this.readFresh();
        const result = change(data);
        await this.write(data);
        return result;
      }),
    );
  }

  private async write(data: UsersData): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const lockPath = `${this.path}.lock`;
    const deadline = Date.now() + this.lockTimeoutMs;
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    for (;;) {
      try {
        const handle = await open(lockPath, 'wx', 0o600);
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const held = await stat(lockPath).catch(() => undefined);
        if (held !== undefined && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
          await unlink(lockPath).catch(() => undefined);
          continue;
        }
        if (Date.now() >= deadline) {
          throw new StoreBusyError(`The users file ${this.path} is being changed by another process (lock ${lockPath}); try again.`);
        }
        await sleep(20);
      }
    }
    try {
      return await work();
    } finally {
      await unlink(lockPath).catch(() => undefined);
    }
  }
}
