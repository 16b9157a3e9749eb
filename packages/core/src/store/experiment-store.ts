import type { Experiment } from '../entities/experiment.js';
import type { ViewType } from '../entities/lifecycle.js';
import type { Page } from '../entities/page.js';

/** Input of ExperimentStore.createExperiment. */
export interface CreateExperimentInput {
  /** Unique experiment name: non-empty, at most 500 characters. */
  name: string;
  /** Where runs of this experiment keep artifacts; default `mlflow-artifacts:/<experimentId>` (under the store's artifact root). */
  artifactLocation?: string;
  /** Experiment tags by key; default none. */
  tags?: Record<string, string>;
}

/** Names one experiment by id: the input of getExperiment, deleteExperiment and restoreExperiment. */
export interface ExperimentIdInput {
  /** The experiment's id (`'0'` is the Default experiment). */
  experimentId: string;
}

/** Input of ExperimentStore.getExperimentByName. */
export interface GetExperimentByNameInput {
  /** The exact experiment name (case-sensitive). */
  name: string;
}

/** Input of ExperimentStore.searchExperiments. */
export interface SearchExperimentsInput {
  /** e.g. `name LIKE 'eval-%' AND tags.team = 'ml'` (also OR and parentheses); default all. */
  filter?: string;
  /** e.g. `['name ASC', 'creation_time DESC']`; default `creation_time DESC`. */
  orderBy?: string[];
  /** Page size from 1 to 50,000; default 1000. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged; default the first page. */
  pageToken?: string;
  /** Which lifecycle stages to include; default `ACTIVE_ONLY`. */
  viewType?: ViewType;
}

/** Input of ExperimentStore.renameExperiment. */
export interface RenameExperimentInput {
  /** The experiment to rename. */
  experimentId: string;
  /** Its new name: non-empty, at most 500 characters, not taken by another experiment. */
  newName: string;
}

/** Input of ExperimentStore.setExperimentTag. */
export interface SetExperimentTagInput {
  /** The experiment tagged. */
  experimentId: string;
  /** The tag's key (MLflow's key rules, at most 250 characters). */
  key: string;
  /** The tag's value, at most 5000 characters; replaces an existing value. */
  value: string;
}

/** Input of ExperimentStore.deleteExperimentTag. */
export interface DeleteExperimentTagInput {
  /** The experiment whose tag is removed. */
  experimentId: string;
  /** The tag's key. */
  key: string;
}

/**
 * Experiments: named groups of runs and traces, soft-deleted and restorable.
 * A store that must wait for its database (a local store held by another
 * process) throws StoreBusyError from any of these when the wait times out.
 */
export interface ExperimentStore {
  /**
   * Creates an active experiment and returns its id (ids count up from `'1'`).
   * @throws InvalidParameterError for a bad name or tag.
   * @throws AlreadyExistsError when the name is taken, even by a deleted experiment.
   */
  createExperiment(input: CreateExperimentInput): Promise<string>;
  /**
   * One experiment, active or deleted, with its tags.
   * @throws NotFoundError for an unknown id.
   */
  getExperiment(input: ExperimentIdInput): Promise<Experiment>;
  /** The experiment (active or deleted) with this name, or undefined when there is none. Never throws for an unknown name. */
  getExperimentByName(input: GetExperimentByNameInput): Promise<Experiment | undefined>;
  /**
   * One page of experiments matching a filter, in the given order (then newest first).
   * `nextPageToken` is set when more pages follow.
   * @throws InvalidParameterError (a SearchSyntaxError for filters and orderBy) for a bad filter,
   *   orderBy, maxResults, pageToken or viewType.
   */
  searchExperiments(input?: SearchExperimentsInput): Promise<Page<Experiment>>;
  /**
   * Renames an experiment (deleted ones too); renaming to its own name is a no-op.
   * @throws InvalidParameterError for a bad name.
   * @throws NotFoundError for an unknown id.
   * @throws AlreadyExistsError when another experiment has the name.
   */
  renameExperiment(input: RenameExperimentInput): Promise<void>;
  /**
   * Soft-deletes an experiment and its active runs (lifecycle `deleted`);
   * their data stays readable. Deleting a deleted experiment deletes it again.
   * @throws InvalidParameterError for the Default experiment (id `'0'`).
   * @throws NotFoundError for an unknown id.
   */
  deleteExperiment(input: ExperimentIdInput): Promise<void>;
  /**
   * Undoes deleteExperiment, restoring the runs that delete took with it (not
   * runs deleted on their own before). A no-op for an active experiment.
   * @throws NotFoundError for an unknown id.
   */
  restoreExperiment(input: ExperimentIdInput): Promise<void>;
  /**
   * Sets one tag of an experiment (active or deleted), replacing its value.
   * @throws InvalidParameterError for a bad key or value.
   * @throws NotFoundError for an unknown id.
   */
  setExperimentTag(input: SetExperimentTagInput): Promise<void>;
  /**
   * Removes one tag of an experiment; a key it does not have is a no-op.
   * @throws NotFoundError for an unknown id.
   */
  deleteExperimentTag(input: DeleteExperimentTagInput): Promise<void>;
}
