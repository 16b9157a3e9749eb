import { describe, expect, it } from 'vitest';
import { resolvedModules } from '../../../test/fixtures/resolved-modules.js';

describe('@assay/metrics', () => {
  it('computes corpus BLEU loading nothing but itself, @assay/core and Node built-ins (no SDK, store or DuckDB)', () => {
    const script = "import { corpusBleu } from '@assay/metrics'; console.log(corpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]).score);";
    const { status, stdout, stderr, modules } = resolvedModules({ args: ['--input-type=module', '--eval', script] });
    expect([status, stderr]).toEqual([0, '']);
    expect(Number(stdout)).toBeCloseTo(100, 9);
    expect(modules.some((url) => url.endsWith('/packages/metrics/src/bleu/corpus-bleu.ts'))).toBe(true);
    expect(modules.filter((url) => !url.startsWith('node:') && !/\/packages\/(?:metrics|core)\/src\//.test(url))).toEqual([]);
  });
});
