import { describe, expect, it } from 'vitest';
import { ASSAY_SERVER_PACKAGES, AUTOLOG_SERVER_PACKAGES, withAssay } from '../next.js';

describe('withAssay(nextConfig)', () => {
  it('keeps DuckDB, Assay and the packages autolog instruments out of the server bundle, and the rest of the config as it was', () => {
    const config = withAssay({ reactStrictMode: true, serverExternalPackages: ['sharp', 'openai'] });
    expect(config.reactStrictMode).toBe(true);
    // The user's own entries first and once; Assay's after them.
    expect(config.serverExternalPackages).toEqual(['sharp', 'openai', ...ASSAY_SERVER_PACKAGES, ...AUTOLOG_SERVER_PACKAGES.filter((name) => name !== 'openai')]);
    expect(config.serverExternalPackages).toContain('@duckdb/node-api');
  });

  it('leaves the instrumented packages bundled with autolog: false, and accepts no config at all', () => {
    expect(withAssay({}, { autolog: false }).serverExternalPackages).toEqual([...ASSAY_SERVER_PACKAGES]);
    expect(withAssay(undefined as unknown as Record<string, never>).serverExternalPackages).toEqual([...ASSAY_SERVER_PACKAGES, ...AUTOLOG_SERVER_PACKAGES]);
  });

  it('wraps a config function (sync or async), passing the phase through', async () => {
    const seen: string[] = [];
    const wrapped = withAssay(async (phase: string) => {
      seen.push(phase);
      return { output: 'standalone', serverExternalPackages: ['pg'] };
    });
    const config = await wrapped('phase-production-build', { defaultConfig: { output: 'export', serverExternalPackages: [] } });
    expect(seen).toEqual(['phase-production-build']);
    expect(config).toMatchObject({ output: 'standalone' });
    expect(config.serverExternalPackages?.[0]).toBe('pg');
    expect(config.serverExternalPackages).toContain('openai');
  });

  it('says what is wrong with a config or options it cannot use', () => {
    expect(() => withAssay('next.config' as never)).toThrow(/takes your Next.js config object/);
    expect(() => withAssay({ serverExternalPackages: 'openai' } as never)).toThrow(/serverExternalPackages .* must be a list of package names/);
    expect(() => withAssay({}, { autolog: 'yes' } as never)).toThrow(/autolog must be true or false/);
  });
});
