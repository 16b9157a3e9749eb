// The generated store bench/dashboard measures, kept in bench/.data/ between runs (building it takes minutes).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboardStore, type DashboardStore, type DashboardStoreScale } from './build-dashboard-store.js';

const DATA = fileURLToPath(new URL('../.data', import.meta.url));

/** The store for `scale` under bench/.data/, built when missing (or when an earlier build did not finish). */
export async function prepareDashboardStore(name: string, scale: DashboardStoreScale, log: (line: string) => void): Promise<{ root: string; store: DashboardStore }> {
  const root = join(DATA, `dashboard-${name}`);
  const marker = join(root, 'bench-store.json');
  if (existsSync(marker)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as { scale: DashboardStoreScale; store: DashboardStore };
    if (JSON.stringify(saved.scale) === JSON.stringify(scale)) return { root, store: saved.store };
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  log(`building the ${name} store in ${root} ...`);
  const store = await buildDashboardStore(root, scale, log);
  writeFileSync(marker, `${JSON.stringify({ scale, store }, null, 2)}\n`);
  log(`built in ${store.seconds.toFixed(0)} s`);
  return { root, store };
}

// `node --import tsx bench/dashboard/prepare-dashboard-store.ts [--small]`: build it ahead of the bench.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { FULL_SCALE, SMALL_SCALE } = await import('./build-dashboard-store.js');
  const small = process.argv.includes('--small');
  await prepareDashboardStore(small ? 'small' : 'full', small ? SMALL_SCALE : FULL_SCALE, console.log);
}
