import type { Experiment, Store } from '@assay/core';

/** How long a looked-up experiment is used without reading it again (changes made outside this server show after this). */
export const OTLP_EXPERIMENT_MAX_AGE_MS = 2000;

const MAX_ENTRIES = 1000;

interface Entry {
  read: Promise<Experiment | undefined>;
  at: number;
}

/**
 * The experiments OTLP batches name (by id or by name), read once and kept
 * for a short while: an exporter sends every batch to the same one, and a
 * store read per batch queued between the store's writes and kept them from
 * being committed together. The server's own renames, deletions and
 * restorations forget everything at once (`forget`); a change made outside
 * the server shows within OTLP_EXPERIMENT_MAX_AGE_MS, and meanwhile the
 * Store itself still refuses spans for a deleted experiment (its write checks it).
 */
export class OtlpExperimentCache {
  private readonly byId = new Map<string, Entry>();
  private readonly byName = new Map<string, Entry>();

  constructor(
    private readonly store: Store,
    private readonly maxAgeMs = OTLP_EXPERIMENT_MAX_AGE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The experiment with this id (NotFoundError as Store.getExperiment). */
  async getExperiment(experimentId: string): Promise<Experiment> {
    return (await this.cached(this.byId, experimentId, () => this.store.getExperiment({ experimentId })))!;
  }

  /** The experiment with this name, or undefined (not kept: it is about to be created). */
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    const experiment = await this.cached(this.byName, name, () => this.store.getExperimentByName({ name }));
    if (experiment === undefined) this.byName.delete(name);
    return experiment;
  }

  /** Forgets every experiment: one was renamed, deleted or restored, or a write to it failed. */
  forget(): void {
    this.byId.clear();
    this.byName.clear();
  }

  private cached(entries: Map<string, Entry>, key: string, read: () => Promise<Experiment | undefined>): Promise<Experiment | undefined> {
    const now = this.now();
    const entry = entries.get(key);
    if (entry !== undefined && now - entry.at < this.maxAgeMs) return entry.read;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    const fresh: Entry = { read: read(), at: now };
    entries.set(key, fresh);
    // A failed read is not kept; the caller gets its error.
    fresh.read.catch(() => {
      if (entries.get(key) === fresh) entries.delete(key);
    });
    return fresh.read;
  }
}
