#!/usr/bin/env node
// Runs the benchmarks: `pnpm bench` runs all, `pnpm bench tracking` one folder.
// Arguments from the first `--flag` on go to every bench file, e.g.
// `pnpm bench tracing --quick --build /work/other-checkout`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const firstFlag = args.findIndex((arg) => arg.startsWith('--'));
const only = firstFlag === -1 ? args : args.slice(0, firstFlag);
const flags = firstFlag === -1 ? [] : args.slice(firstFlag);
const suites = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'lib' && !entry.name.startsWith('.'))
  .map((entry) => entry.name)
  .filter((name) => only.length === 0 || only.includes(name));
// Benchmarks measure the compiled packages, as users install them: the
// bench files run through tsx, but @assay/* resolve to each package's dist
// (tsx's transform adds a naming call to every closure it creates, a cost the
// shipped JavaScript does not have). The build is incremental.
console.log('building packages ...');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = false;
for (const suite of suites) {
  for (const file of readdirSync(join(root, 'bench', suite)).filter((name) => name.endsWith('.bench.ts'))) {
    console.log(`\n== bench/${suite}/${file}`);
    const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join('bench', suite, file), ...flags], {
      cwd: root,
      stdio: 'inherit',
    });
    failed ||= result.status !== 0;
  }
}
process.exit(failed ? 1 : 0);
