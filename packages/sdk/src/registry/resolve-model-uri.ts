import { AssayError, NotFoundError, parseModelUri, type ModelUri, type ModelVersion, type RegistryStore } from '@assay/core';
import type { ResolvedModelUri } from './registry-options.js';

/** The version a parsed `models:/` URI names now. */
async function findVersion(store: RegistryStore, uri: string, parsed: ModelUri): Promise<ModelVersion> {
  switch (parsed.kind) {
    case 'version':
      return store.getModelVersion({ name: parsed.name, version: parsed.version });
    case 'alias':
      return store.getModelVersionByAlias({ name: parsed.name, alias: parsed.alias });
    case 'stage': {
      const [newest] = await store.getLatestVersions({ name: parsed.name, stages: [parsed.stage] });
      if (newest === undefined) {
        throw new NotFoundError(
          `Model '${parsed.name}' has no version in stage ${parsed.stage}, so '${uri}' names none. ` +
            `Move one there with transitionModelVersionStage (assay models stage ${parsed.name} <version> ${parsed.stage}), or name a version: models:/${parsed.name}/<version>.`,
        );
      }
      return newest;
    }
    case 'latest': {
      // The newest version in each stage; the newest of those is the model's newest.
      const model = await store.getRegisteredModel({ name: parsed.name });
      const newest = model.latestVersions.reduce<ModelVersion | undefined>((best, version) => (best === undefined || version.version > best.version ? version : best), undefined);
      if (newest === undefined) throw new NotFoundError(`Model '${parsed.name}' has no versions, so '${uri}' names none. Register one with registerModel.`);
      return newest;
    }
  }
}

/**
 * Resolves a `models:/` URI (`models:/name/3`, `models:/name@alias`,
 * `models:/name/Production`, `models:/name/latest`) to the version it names
 * now, its source and where its files are.
 * @throws InvalidParameterError for a malformed URI. @throws NotFoundError (naming the URI) for an unknown model, version, alias or an empty stage.
 */
export async function resolveModelUri(store: RegistryStore, uri: string): Promise<ResolvedModelUri> {
  const parsed = parseModelUri(uri);
  let version: ModelVersion;
  try {
    version = await findVersion(store, uri, parsed);
  } catch (error) {
    if (AssayError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST' && !error.message.includes(`'${uri}'`)) {
      throw new NotFoundError(`Cannot resolve '${uri}': ${error.message}`, { cause: error });
    }
    throw error;
  }
  const downloadUri = await store.getModelVersionDownloadUri({ name: version.name, version: version.version });
  return { version, source: version.source, downloadUri };
}
