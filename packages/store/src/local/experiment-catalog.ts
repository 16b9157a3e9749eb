import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Experiment } from '@assay/core';

/** The catalog's file inside a store directory. */
export const EXPERIMENT_CATALOG_FILE = 'known-experiments.json';

/** What the catalog file holds. */
interface CatalogFile {
  /** Active experiments by id, as they were last read. */
  experiments: Record<string, Experiment>;
}

/** Options of ExperimentCatalog.find: one of the two. */
export interface FindCatalogedExperimentOptions {
  /** The experiment's id. */
  experimentId?: string;
  /** The experiment's name. */
  name?: string;
}

/**
 * The active experiments that processes of one store directory have read or
 * created, in a small file beside the database, as they were then. While the
 * database is busy or damaged, a process that never saw an experiment itself
 * can still start a run in it (the run is spooled, and checked again when
 * the spool is applied). Renaming, deleting or restoring an experiment
 * through a LocalStore removes its entry. It is a cache: a file that is
 * missing or unreadable is as good as empty, and a write that fails only
 * loses the cache. Its I/O is synchronous: the file is small and written
 * only when an experiment is first seen or changes.
 */
export class ExperimentCatalog {
  // What this process last read or wrote; it writes only when an entry differs from it.
  private view: Record<string, Experiment> | undefined;

  constructor(
    /** The catalog file. */
    readonly path: string,
  ) {}

  /** An active experiment by id or name, from the file. */
  find({ experimentId, name }: FindCatalogedExperimentOptions): Experiment | undefined {
    const experiments = this.read();
    if (experimentId !== undefined) return experiments[experimentId];
    return Object.values(experiments).find((experiment) => experiment.name === name);
  }

  /** Records an experiment as read; a deleted one is removed. */
  remember(experiment: Experiment): void {
    const known = (this.view ??= this.read())[experiment.experimentId];
    if (experiment.lifecycleStage !== 'active') {
      this.forget(experiment.experimentId);
      return;
    }
    if (known !== undefined && JSON.stringify(known) === JSON.stringify(experiment)) return;
    this.update((experiments) => {
      for (const [id, other] of Object.entries(experiments)) {
        // A name is unique: an entry with this name under another id is stale.
        if (other.name === experiment.name && id !== experiment.experimentId) delete experiments[id];
      }
      experiments[experiment.experimentId] = experiment;
    });
  }

  /** Removes an experiment (renamed, deleted or restored: it is read again next time). */
  forget(experimentId: string): void {
    if (!(experimentId in this.read())) return;
    this.update((experiments) => {
      delete experiments[experimentId];
    });
  }

  private read(): Record<string, Experiment> {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<CatalogFile>;
      this.view = typeof parsed.experiments === 'object' && parsed.experiments !== null ? parsed.experiments : {};
    } catch {
      this.view = {};
    }
    return this.view;
  }

  /** Re-reads the file (other processes write it too), changes it and writes it whole (renamed into place: readers never see half of it). */
  private update(change: (experiments: Record<string, Experiment>) => void): void {
    const experiments = { ...this.read() };
    change(experiments);
    this.view = experiments;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify({ experiments } satisfies CatalogFile));
      renameSync(temporary, this.path);
    } catch {
      // Only the cache is lost (a read-only directory, a full disk): the database stays the truth.
    }
  }
}
