#!/usr/bin/env node
// Runs the benchmarks: `pnpm bench` runs all, `pnpm bench tracking` one folder.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const suites = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'lib' && !entry.name.startsWith('.'))
  .map((entry) => entry.name)
  .filter((name) => only.length === 0 || only.includes(name));
let failed = false;
for (const suite of suites) {
  for (const file of readdirSync(join(root, 'bench', suite)).filter((name) => name.endsWith('.bench.ts'))) {
    console.log(`\n== bench/${suite}/${file}`);
    const result = spawnSync(process.execPath, ['--expose-gc', '--conditions=@assay/source', '--import', 'tsx', join('bench', suite, file)], {
      cwd: root,
      stdio: 'inherit',
    });
    failed ||= result.status !== 0;
  }
}
process.exit(failed ? 1 : 0);
