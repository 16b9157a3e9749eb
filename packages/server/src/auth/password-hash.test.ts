import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from './password-hash.js';

describe('hashPassword / verifyPassword', () => {
  it('hashes with scrypt and a salt of its own each time; verifies the password and nothing else', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(isPasswordHash(first)).toBe(true);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('treats a password as its Unicode text (NFC), whatever its composition', async () => {
    const hash = await hashPassword('caf\u00e9-au-lait');
    expect(await verifyPassword('cafe\u0301-au-lait', hash)).toBe(true);
  });

  it('refuses short and overlong passwords, and never matches a malformed or out-of-bounds hash', async () => {
    await expect(hashPassword('short')).rejects.toThrow('at least 8 characters');
    await expect(hashPassword('x'.repeat(1025))).rejects.toThrow('at most 1024 characters');
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
    const hash = await hashPassword('correct horse battery');
    // A tampered cost would make a check allocate gigabytes: refused, not run.
    expect(isPasswordHash(hash.replace('ln=15', 'ln=30'))).toBe(false);
    expect(await verifyPassword('correct horse battery', hash.replace('ln=15', 'ln=30'))).toBe(false);
  });
});
