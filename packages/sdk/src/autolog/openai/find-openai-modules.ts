import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BASES = (): string[] => [join(process.cwd(), 'package.json'), fileURLToPath(import.meta.url)];

/** One loaded form of an installed openai package. */
export interface OpenAIModuleFile {
  /** The module as loaded. */
  module: object;
  /** The file it was loaded from. */
  file: string;
  /** The package's version, from its package.json. */
  version: string | undefined;
}

function packageVersion(directory: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The copies of the openai package the app can load, each in both of its
 * forms: the CommonJS build (`require('openai')`) and the ES module build
 * (`import 'openai'`) are separate classes, so both are instrumented. The
 * package is looked up from the app's directory (its own dependency) and
 * from Assay's (a copy installed beside it). The ES build is loaded with
 * `require()`, synchronously, which returns the same module instance the
 * app's `import` gets; so `autolog()` takes effect before it returns.
 */
export function findOpenAIModules(): OpenAIModuleFile[] {
  const modules = new Map<object, OpenAIModuleFile>();
  for (const base of BASES()) {
    let entry: string;
    const require = createRequire(base);
    try {
      entry = require.resolve('openai');
    } catch {
      continue;
    }
    const version = packageVersion(dirname(entry));
    for (const file of [entry, join(dirname(entry), 'index.mjs')]) {
      if (!existsSync(file)) continue;
      try {
        const module = require(file) as object;
        if (!modules.has(module)) modules.set(module, { module, file, version });
      } catch {
        // A copy that cannot load here (e.g. an ES build on a Node without require(esm)) is one the app cannot use either.
      }
    }
  }
  return [...modules.values()];
}

/**
 * The ES module builds of those copies, imported asynchronously: under
 * loaders that compile `require`d ES modules into CommonJS (tsx), the
 * synchronous route above yields a copy the app's `import` does not share.
 */
export async function importOpenAIModules(): Promise<OpenAIModuleFile[]> {
  const modules: OpenAIModuleFile[] = [];
  for (const base of BASES()) {
    try {
      const entry = createRequire(base).resolve('openai');
      const file = join(dirname(entry), 'index.mjs');
      if (existsSync(file)) modules.push({ module: (await import(pathToFileURL(file).href)) as object, file, version: packageVersion(dirname(entry)) });
    } catch {
      // not installed where this base can see it
    }
  }
  return modules;
}
