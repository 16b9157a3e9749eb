import { AssayError } from '@assay/core';

/** Options of {@link importOptionalPeers}. */
export interface ImportOptionalPeersOptions<Module> {
  /** Imports what needs the packages (dynamic `import()`s). */
  load: () => Promise<Module>;
  /** The optional peer dependencies it needs, as npm names them. */
  packages: readonly string[];
  /** What needs them, for the message (`assay demo's example LLM app`). */
  neededBy: string;
  /** What else the user can do, when there is something (`run assay demo --no-traces`). */
  alternative?: string;
}

/** The first of `packages` that Node says it cannot find, from the error of a failed `import()`. */
function missingPackage(error: unknown, packages: readonly string[]): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return packages.find((name) => error.message.includes(`'${name}'`));
}

/**
 * Loads a command's implementation that needs optional peer dependencies.
 * `@assay/cli` does not install them (commands that do not use them should
 * not pull them in), so a missing one becomes an error that names what to
 * install instead of Node's "Cannot find package".
 */
export async function importOptionalPeers<Module>({ load, packages, neededBy, alternative }: ImportOptionalPeersOptions<Module>): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    const missing = missingPackage(error, packages);
    if (missing === undefined) throw error;
    throw new AssayError(
      'RESOURCE_DOES_NOT_EXIST',
      `${neededBy} needs ${packages.join(', ')} (${packages.length === 1 ? 'an optional peer dependency' : 'optional peer dependencies'} of @assay/cli), and ${missing} is not installed. ` +
        `Install ${packages.length === 1 ? 'it' : 'them'} with: npm install ${packages.join(' ')}${alternative === undefined ? '' : ` (or ${alternative})`}`,
      { cause: error },
    );
  }
}
