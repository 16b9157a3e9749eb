import { withStore } from '../../options/store-option.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';

/** The options of `assay experiments create`. */
export interface CreateExperimentCommandOptions {
  /** Experiment tags. */
  tag?: Record<string, string>;
  /** Where the experiment's runs keep artifacts. */
  artifactLocation?: string;
  /** Print JSON ({ experimentId, name }) instead of the id alone. */
  json?: boolean;
}

/** Options of `createExperiment`. */
export interface CreateExperimentOptions extends CommandInvocation<CreateExperimentCommandOptions> {
  /** The new experiment's name. */
  name: string;
}

/** `assay experiments create <name>`: creates the experiment and prints its id (or JSON). */
export async function createExperiment({ context, command, name, options }: CreateExperimentOptions): Promise<void> {
  const experimentId = await withStore(context, command, (store) =>
    store.createExperiment({
      name,
      ...(options.tag !== undefined ? { tags: options.tag } : {}),
      ...(options.artifactLocation !== undefined ? { artifactLocation: options.artifactLocation } : {}),
    }),
  );
  if (options.json) printJson({ experimentId, name }, context.stdout);
  else context.stdout(`${experimentId}\n`);
}
