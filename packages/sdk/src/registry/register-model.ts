import { AssayError, InvalidParameterError, parseRunsUri, validateModelSource, type ModelVersion, type RegistryStore } from '@assay/core';
import type { RegisterModelOptions } from './registry-options.js';

/** The run a registration records: the one of a `runs:/` source, or the one given; both must agree. */
function lineageRunId(source: string, runId: string | undefined): string | undefined {
  const fromSource = parseRunsUri(source)?.runId;
  if (runId !== undefined && fromSource !== undefined && runId !== fromSource) {
    throw new InvalidParameterError(
      `registerModel was given runId '${runId}' and source '${source}', which comes from run '${fromSource}'. Give one run: drop runId, or register an artifact of run '${runId}'.`,
    );
  }
  return runId ?? fromSource;
}

/**
 * Registers `source` as a new version of the model `name`, creating the
 * model first when it does not exist (as MLflow's register_model). A model
 * created meanwhile by another process is used as it is.
 */
export async function registerModel(store: RegistryStore, source: string, name: string, options: RegisterModelOptions = {}): Promise<ModelVersion> {
  validateModelSource(source);
  const runId = lineageRunId(source, options.runId);
  const note = {
    ...(options.actor !== undefined ? { actor: options.actor } : {}),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
  };
  try {
    await store.createRegisteredModel({ name, ...note });
  } catch (error) {
    // Existing already, or created by a concurrent registration: either way, the version goes to it.
    if (!(AssayError.isInstance(error) && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
  }
  return store.createModelVersion({
    name,
    source,
    ...note,
    ...(runId !== undefined ? { runId } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.tags !== undefined ? { tags: options.tags } : {}),
  });
}
