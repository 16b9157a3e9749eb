import { errorMessage, type WriteOperation } from '@assay/core';

/** A store that can save the writes it was given and has not stored, synchronously (at process exit). */
export interface SavesSynchronously {
  writeSync(operations: readonly WriteOperation[]): void;
}

/** The open stores of one kind whose writes are saved at process exit. */
export interface OpenStoresAtExit<S> {
  /** Saves `store`'s writes at exit from now on (the process hook is installed with the first). */
  add(store: S): void;
  /** Stops saving `store`'s writes at exit (it was closed). */
  delete(store: S): void;
}

/**
 * One process 'exit' hook for a kind of store: each store still open then
 * saves what it was given and has not stored (`writeSync([])`); a failure is
 * said on stderr with `where(store)`, and the others are saved anyway.
 */
export function saveOpenStoresAtExit<S extends SavesSynchronously>(where: (store: S) => string): OpenStoresAtExit<S> {
  const open = new Set<S>();
  let installed = false;
  return {
    add(store) {
      open.add(store);
      if (installed) return;
      installed = true;
      process.on('exit', () => {
        for (const each of open) {
          try {
            each.writeSync([]);
          } catch (error) {
            console.error(`[assay] writes for ${where(each)} could not be spooled at exit: ${errorMessage(error)}`);
          }
        }
      });
    },
    delete(store) {
      open.delete(store);
    },
  };
}
