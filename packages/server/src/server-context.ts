import type { Store } from '@assay/core';
import type { ArtifactDirectory } from './artifacts/artifact-directory.js';

/** What every router is built from. */
export interface ServerContext {
  /** Where everything is read and written. */
  store: Store;
  /** The files behind the artifact proxy; undefined when the server has none (its routes then answer 501). */
  artifacts: ArtifactDirectory | undefined;
}
