#!/usr/bin/env node
// `pnpm run build`: type declarations from tsc (project references, incremental),
// then each package's JavaScript from rollup: one ES module bundle per entry
// of its package.json (`exports` and `bin`), split so that two entries of one
// package share their modules (and so their state). Every bare import stays
// external: dependencies, peers and the other @assay/* packages are loaded from
// node_modules as users install them; each package bundles only its own src.
// Node's ES module loader pays per file (~0.2 ms each, @assay/core's ~60 files
// import in ~20 ms, as one bundle in ~3 ms), which is why the packages ship bundles.
// Rollup rather than esbuild's bundler: esbuild turns every top-level `const`
// into `var` when it bundles, and V8 (Node 20) then no longer treats module
// constants as constants: the metrics' hot loops ran 4-8% slower. esbuild
// still compiles each TypeScript file (rollup-plugin-esbuild), which keeps them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesRoot = join(root, 'packages');
const thisScript = fileURLToPath(import.meta.url);

// Entries no manifest names because they are loaded by path, not imported:
// worker threads' scripts. A LocalStore starts `dist/local/store-worker.js`,
// which it finds beside the bundle's chunks (chunks sit at dist's top level).
const WORKER_ENTRIES = { store: ['src/local/store-worker.ts'] };

// `node scripts/build.mjs [package ...]`: all packages, or the named ones (a
// package's own `build` script names itself; tsc builds its references too).
const only = process.argv.slice(2);
const packages = readdirSync(packagesRoot)
  .filter((name) => existsSync(join(packagesRoot, name, 'package.json')))
  .filter((name) => only.length === 0 || only.includes(name));
if (only.some((name) => !packages.includes(name))) {
  console.error(`[build] unknown package ${only.filter((name) => !packages.includes(name)).join(', ')}; packages: ${readdirSync(packagesRoot).join(', ')}`);
  process.exit(2);
}

console.log('[build] declarations (tsc -b) ...');
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', ...packages
    .map((name) => join('packages', name, 'tsconfig.build.json'))
    .filter((config) => existsSync(join(root, config)))],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const results = await Promise.all(packages.map((name) => bundlePackage(name)));
const built = results.filter((result) => result.built);
console.log(`[build] bundles (rollup): ${built.length === 0 ? 'up to date' : built.map((result) => `${result.name} (${result.files} files)`).join(', ')}`);
if (only.length === 0) buildDashboard();

/**
 * The dashboard (apps/dashboard): `next build`, when a source is newer than
 * the last build. `assay server` serves the built app (.next) in its process.
 */
function buildDashboard() {
  const app = join(root, 'apps', 'dashboard');
  if (!existsSync(join(app, 'package.json'))) return;
  const buildId = join(app, '.next', 'BUILD_ID');
  const sources = ['app', 'components', 'lib', 'next.config.mjs', 'package.json', 'tsconfig.json'].map((name) => join(app, name)).filter((path) => existsSync(path));
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built > 0 && sources.every((path) => newestModification(path) < built)) {
    console.log('[build] dashboard (next build): up to date');
    return;
  }
  console.log('[build] dashboard (next build) ...');
  const next = spawnSync(process.execPath, [join(app, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: app,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (next.status !== 0) process.exit(next.status ?? 1);
}

/** The newest modification time of a file, or of any file under a folder. */
function newestModification(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestModification(join(path, name))), stats.mtimeMs);
}

/** `./dist/x/y.js` from the manifest -> `src/x/y.ts`, the source it is built from. */
function sourceOf(directory, distPath) {
  const match = /^\.\/dist\/(.+)\.js$/.exec(distPath);
  if (!match) throw new Error(`${directory}/package.json: ${distPath} is not a ./dist/*.js path`);
  const source = `src/${match[1]}.ts`;
  if (!existsSync(join(directory, source))) throw new Error(`${directory}/package.json: ${distPath} has no source ${source}`);
  return source;
}

/** Every JavaScript file the manifest points at (`exports` (`default`), `imports`, `main`, `bin`), and the package's worker scripts. */
function entriesOf(directory, name) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  const targets = new Set();
  for (const target of Object.values(manifest.exports ?? {})) {
    if (typeof target === 'string') targets.add(target);
    else if (target?.default) targets.add(target.default);
  }
  // Package imports (`#platform`): every file a runtime condition picks is built (not the source or types ones).
  for (const target of Object.values(manifest.imports ?? {})) {
    if (typeof target === 'string') targets.add(target);
    else for (const [condition, path] of Object.entries(target ?? {})) if (condition !== '@assay/source' && condition !== 'types') targets.add(path);
  }
  if (manifest.main) targets.add(manifest.main);
  for (const bin of typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {})) targets.add(bin);
  const sources = [...targets].map((target) => sourceOf(directory, target.startsWith('./') ? target : `./${target}`));
  return [...new Set([...sources, ...(WORKER_ENTRIES[name] ?? [])])];
}

/** The newest modification time under `path` (files and folders). */
function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** The .js and .js.map files in `dist` (the bundles; tsc writes only declarations there). */
function javascriptFiles(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.js(\.map)?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function bundlePackage(name) {
  const directory = join(packagesRoot, name);
  const outdir = join(directory, 'dist');
  // Outside dist, so that it is not published with the package.
  const stamp = join(root, 'node_modules', '.cache', 'assay-build', `${name}.stamp`);
  const inputsChanged = Math.max(newestChange(join(directory, 'src')), statSync(join(directory, 'package.json')).mtimeMs, statSync(thisScript).mtimeMs);
  const entryPoints = entriesOf(directory, name);
  const outputsExist = entryPoints.every((source) => existsSync(join(directory, source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'))));
  if (outputsExist && existsSync(stamp) && statSync(stamp).mtimeMs >= inputsChanged) return { name, built: false };
  const bundle = await rollup({
    input: Object.fromEntries(entryPoints.map((source) => [source.replace(/^src\//, '').replace(/\.ts$/, ''), join(directory, source)])),
    // Bare imports (dependencies, peers, other @assay/* packages, node: built-ins) stay imports.
    external: (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
    plugins: [typescriptSources(), esbuild({ target: 'node20', sourceMap: true, tsconfig: join(directory, 'tsconfig.build.json') })],
    onwarn: (warning, warn) => {
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('/node_modules/'))) return;
      warn(warning);
    },
  });
  const { output } = await bundle.generate({
    dir: outdir,
    format: 'es',
    // Chunks sit beside the top-level entries, so that a path relative to
    // import.meta.url (`../package.json`) means the same in either.
    entryFileNames: '[name].js',
    chunkFileNames: 'chunk-[hash].js',
    sourcemap: true,
  });
  await bundle.close();
  const outputFiles = output.flatMap((file) =>
    file.type === 'chunk'
      ? [
          { path: join(outdir, file.fileName), contents: Buffer.from(file.map ? `${file.code}\n//# sourceMappingURL=${file.fileName.split('/').pop()}.map\n` : file.code) },
          ...(file.map ? [{ path: join(outdir, `${file.fileName}.map`), contents: Buffer.from(file.map.toString()) }] : []),
        ]
      : [{ path: join(outdir, file.fileName), contents: Buffer.from(file.source) }],
  );
  const outputs = new Set(outputFiles.map((file) => file.path));
  for (const file of javascriptFiles(outdir)) if (!outputs.has(file)) rmSync(file);
  for (const file of outputFiles) {
    // Unchanged files keep their time stamps (tools that watch dist see no change).
    if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return { name, built: true, files: outputFiles.filter((file) => file.path.endsWith('.js')).length };
}

/** Resolves the sources' NodeNext-style `./module.js` imports to the `./module.ts` files beside them. */
function typescriptSources() {
  return {
    name: 'assay-typescript-sources',
    resolveId(source, importer) {
      if (importer === undefined || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = join(dirname(importer), source.replace(/\.js$/, '.ts'));
      return existsSync(candidate) ? candidate : null;
    },
  };
}
