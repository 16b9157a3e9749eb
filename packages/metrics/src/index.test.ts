import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('@assay/metrics', () => {
  it('computes corpus BLEU loading nothing but itself, @assay/core and Node built-ins (no SDK, store or DuckDB)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'assay-metrics-modules-'));
    const log = join(directory, 'modules.txt');
    try {
      const script = "import { corpusBleu } from '@assay/metrics'; console.log(corpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]).score);";
      const result = spawnSync(
        process.execPath,
        ['--conditions=@assay/source', '--import', 'tsx', '--import', './test/fixtures/record-resolved-modules.mjs', '--input-type=module', '--eval', script],
        { cwd: repositoryRoot, encoding: 'utf8', env: { ...process.env, ASSAY_TEST_MODULE_LOG: log }, timeout: 30_000 },
      );
      expect(result.stderr).toBe('');
      expect(Number(result.stdout)).toBeCloseTo(100, 9);
      const modules = readFileSync(log, 'utf8').split('\n').filter((line) => line !== '');
      expect(modules.some((url) => url.endsWith('/packages/metrics/src/bleu/corpus-bleu.ts'))).toBe(true);
      const outside = modules.filter((url) => !url.startsWith('node:') && !/\/packages\/(?:metrics|core)\/src\//.test(url));
      expect(outside).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
