import { describe, expect, it } from 'vitest';
import { apiTokenSecretMatches, createApiToken, parseApiToken } from './api-token.js';

describe('API tokens', () => {
  it('are a public id and a 256-bit secret, of which only the SHA-256 is kept', () => {
    const created = createApiToken();
    expect(created.token).toMatch(/^assay_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toContain(created.id);
    expect(created.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.token).not.toContain(created.secretHash);
    expect(createApiToken().token).not.toBe(created.token);

    const parsed = parseApiToken(created.token)!;
    expect(parsed.id).toBe(created.id);
    expect(apiTokenSecretMatches(parsed.secret, created.secretHash)).toBe(true);
    expect(apiTokenSecretMatches(`${parsed.secret.slice(0, -1)}x`, created.secretHash)).toBe(false);
    expect(apiTokenSecretMatches(parsed.secret, 'not hex')).toBe(false);
  });

  it('parses only the shape they have', () => {
    for (const token of ['', 'assay_', 'assay_0123456789abcdef_short', `other_0123456789abcdef_${'a'.repeat(43)}`, `assay_0123456789ABCDEF_${'a'.repeat(43)}`]) {
      expect(parseApiToken(token), token).toBeUndefined();
    }
  });
});
