import type { RegistryStore, Store, WebhookStore } from '@assay/core';
import type { ArtifactDirectory } from './artifacts/artifact-directory.js';
import type { UserStore } from './auth/user-store.js';
import type { ServerLog } from './middleware/request-log.js';
import type { OtlpExperimentCache } from './otlp/otlp-experiment-cache.js';
import type { MlflowTraceBridge } from './traces/mlflow-trace-bridge.js';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';

/** What every router is built from. */
export interface ServerContext {
  /** Where everything is read and written. */
  store: Store;
  /** The model registry: the store's when it has one; undefined otherwise (the registry routes then answer 501). */
  registry: RegistryStore | undefined;
  /** The registry's webhooks: the store's when it has them; undefined otherwise (the webhook routes then answer 501). */
  webhooks: WebhookStore | undefined;
  /** Sends webhook deliveries in the background; undefined when the server was given none (deliveries then wait in the store's outbox). */
  webhookDispatcher: WebhookDispatcher | undefined;
  /** The files behind the artifact proxy; undefined when the server has none (its routes then answer 501). */
  artifacts: ArtifactDirectory | undefined;
  /** Users and permissions when auth is on; undefined otherwise (the user and permission routes then answer 501). */
  users: UserStore | undefined;
  /** MLflow's trace protocol (trace infos apart from spans) on top of the store. */
  mlflowTraces: MlflowTraceBridge;
  /** The experiments OTLP batches go to, kept a moment; the experiment routes make it forget them when they change. */
  otlpExperiments: OtlpExperimentCache;
  /** Where unexpected errors that are answered inside a 200 (one write of a batch) are logged. */
  log: ServerLog;
}
