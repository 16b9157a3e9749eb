import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BASES = (): string[] => [join(process.cwd(), 'package.json'), fileURLToPath(import.meta.url)];

/**
 * The copies of the openai package the app can load, each in both of its
 * forms: the CommonJS build (`require('openai')`) and the ES module build
 * (`import 'openai'`) are separate classes, so both are instrumented. The
 * package is looked up from the app's directory (its own dependency) and
 * from Assay's (a copy installed beside it). The ES build is loaded with
 * `require()`, synchronously, which returns the same module instance the
 * app's `import` gets; so `autolog()` takes effect before it returns.
 */
export function findOpenAIModules(): object[] {
  const modules = new Set<object>();
  for (const base of BASES()) {
    let entry: string;
    const require = createRequire(base);
    try {
      entry = require.resolve('openai');
    } catch {
      continue;
    }
    for (const file of [entry, join(dirname(entry), 'index.mjs')]) {
      if (!existsSync(file)) continue;
      try {
        modules.add(require(file) as object);
      } catch {
        // A copy that cannot load here (e.g. an ES build on a Node without require(esm)) is one the app cannot use either.
      }
    }
  }
  return [...modules];
}

/**
 * The ES module builds of those copies, imported asynchronously: under
 * loaders that compile `require`d ES modules into CommonJS (tsx), the
 * synchronous route above yields a copy the app's `import` does not share.
 */
export async function importOpenAIModules(): Promise<object[]> {
  const modules: object[] = [];
  for (const base of BASES()) {
    try {
      const entry = createRequire(base).resolve('openai');
      const file = join(dirname(entry), 'index.mjs');
      if (existsSync(file)) modules.push((await import(pathToFileURL(file).href)) as object);
    } catch {
      // not installed where this base can see it
    }
  }
  return modules;
}
