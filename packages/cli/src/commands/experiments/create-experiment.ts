import { withStore } from '../../options/store-option.js';
import type { CommandInvocation } from '../command-invocation.js';

/** The options of `assay experiments create`. */
export interface CreateExperimentCommandOptions {
  /** Experiment tags. */
  tag?: Record<string, string>;
  /** Where the experiment's runs keep artifacts. */
  artifactLocation?: string;
}

/** Options of `createExperiment`. */
export interface CreateExperimentOptions extends CommandInvocation<CreateExperimentCommandOptions> {
  /** The new experiment's name. */
  name: string;
}

/** `assay experiments create <name>`: creates the experiment and prints its id. */
export async function createExperiment({ context, command, name, options }: CreateExperimentOptions): Promise<void> {
  const experimentId = await withStore(context, command, (store) =>
    store.createExperiment({
      name,
      ...(options.tag !== undefined ? { tags: options.tag } : {}),
      ...(options.artifactLocation !== undefined ? { artifactLocation: options.artifactLocation } : {}),
    }),
  );
  context.stdout(`${experimentId}\n`);
}
