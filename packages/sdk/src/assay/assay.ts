import type {
  Assessment,
  Experiment,
  ExpectationAssessment,
  FeedbackAssessment,
  ListedModelPrice,
  Metric,
  ModelPrice,
  ModelVersion,
  RegisteredModel,
  Run,
  SearchRunsResult,
  SearchTracesResult,
  Store,
  Trace,
  TransitionRequest,
} from '@assay/core';
import { enableAutolog, type AutologOptions, type AutologResult } from '../autolog/autolog.js';
import type { AssaySpanProcessor } from '../export/assay-span-processor.js';
import type { ExportStats, SpanExportQueueOptions } from '../export/span-export-queue.js';
import { createAiSdkTelemetry, type AiSdkTelemetrySettings, type AssayTelemetryOptions } from '../ai-sdk/assay-telemetry.js';
import { PromptRegistry, type Prompt, type PromptDiff, type RegisterPromptInput, type SearchPromptsOptions } from '../prompts/prompt-registry.js';
import type { PromptVersion } from '../prompts/prompt-version.js';
import { RegistryClient } from '../registry/registry-client.js';
import { defaultActor } from '../registry/default-actor.js';
import { requireRegistryStore } from '../registry/require-registry-store.js';
import { linkPromptsToTrace } from '../tracing/link-prompts.js';
import type {
  CreateTransitionRequestOptions,
  ListRegistryEventsOptions,
  ListRegistryEventsResult,
  ListTransitionRequestsOptions,
  ListTransitionRequestsResult,
  RegisterModelOptions,
  RegistryChangeOptions,
  ResolvedModelUri,
  SearchModelVersionsOptions,
  SearchModelVersionsResult,
  SearchRegisteredModelsOptions,
  SearchRegisteredModelsResult,
  TransitionModelVersionStageOptions,
} from '../registry/registry-options.js';
import type { AssaySpan } from '../tracing/assay-span.js';
import {
  logExpectation,
  logFeedback,
  updateAssessment,
  type LogExpectationOptions,
  type LogFeedbackOptions,
  type UpdateAssessmentOptions,
} from '../tracing/assessments.js';
import { startSpan, type StartSpanOptions } from '../tracing/start-span.js';
import { traceFunction, type TraceOptions } from '../tracing/trace-function.js';
import { deleteTraces, searchTraces, type DeleteTracesOptions, type SearchTracesOptions } from '../tracing/trace-queries.js';
import { updateCurrentTrace, type UpdateCurrentTraceOptions } from '../tracing/update-current-trace.js';
import { withSpan, type WithSpanOptions } from '../tracing/with-span.js';
import type { CreateExperimentOptions, SearchExperimentsOptions, SearchExperimentsResult } from '../tracking/experiments.js';
import { requireActiveRun } from '../tracking/require-active-run.js';
import type { ActiveRun, EndRunOptions, LogMetricOptions, ParamValue, TagValue } from '../tracking/run-handle.js';
import { searchRuns, type SearchRunsOptions } from '../tracking/runs.js';
import { startRun, type StartRunOptions } from '../tracking/start-run.js';
import { withRun, withRunArguments, type WithRunCallback } from '../tracking/with-run.js';
import type { AssayRuntime } from './assay-runtime.js';

/**
 * One Assay client: where it tracks to, its default experiment, its active
 * runs, its buffered writes and its tracing, all in this object. The
 * module-level API (`startRun`, `trace`, `autolog`, ...) is the same API bound
 * to a default instance; make more with `createAssay` to send data to several
 * stores from one process. Each method is documented at its module-level
 * counterpart of the same name.
 */
export class Assay {
  /** @internal Use `createAssay`. */
  constructor(private readonly runtime: AssayRuntime) {}

  // ------------------------------------------------------------ where data goes

  /** Sets this instance's tracking URI (see the module-level `setTrackingUri`). */
  setTrackingUri(uri: string): void {
    this.runtime.trackingUri.set(uri);
  }

  /** This instance's tracking URI, canonical (see `getTrackingUri`). */
  getTrackingUri(): string {
    return this.runtime.trackingUri.get();
  }

  /** The store of this instance's tracking URI, opened on first use (see `getStore`). */
  getStore(): Promise<Store> {
    return this.runtime.getStore();
  }

  // --------------------------------------------------------------- experiments

  /** See `setExperiment`. */
  async setExperiment(name: string): Promise<Experiment> {
    return this.runtime.experiments.choose(await this.getStore(), name);
  }

  /** See `createExperiment`. */
  async createExperiment(name: string, options: CreateExperimentOptions = {}): Promise<string> {
    return (await this.getStore()).createExperiment({ name, ...options });
  }

  /** See `getExperiment`. */
  async getExperiment(experimentId: string): Promise<Experiment> {
    return (await this.getStore()).getExperiment({ experimentId });
  }

  /** See `getExperimentByName`. */
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    return (await this.getStore()).getExperimentByName({ name });
  }

  /** See `searchExperiments`. */
  async searchExperiments(options: SearchExperimentsOptions = {}): Promise<SearchExperimentsResult> {
    const page = await (await this.getStore()).searchExperiments(options);
    return { experiments: page.items, ...(page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /** See `deleteExperiment`. */
  async deleteExperiment(experimentId: string): Promise<void> {
    await (await this.getStore()).deleteExperiment({ experimentId });
  }

  /** See `restoreExperiment`. */
  async restoreExperiment(experimentId: string): Promise<void> {
    await (await this.getStore()).restoreExperiment({ experimentId });
  }

  /** See `renameExperiment`. */
  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await (await this.getStore()).renameExperiment({ experimentId, newName });
  }

  /** See `setExperimentTag`. */
  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await (await this.getStore()).setExperimentTag({ experimentId, key, value });
  }

  // ---------------------------------------------------------------------- runs

  /** See `startRun`. */
  startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    return startRun(this.runtime, options);
  }

  /** See `withRun`. */
  withRun<T>(options: StartRunOptions, callback: WithRunCallback<T>): Promise<T>;
  withRun<T>(callback: WithRunCallback<T>): Promise<T>;
  withRun<T>(optionsOrCallback: StartRunOptions | WithRunCallback<T>, maybeCallback?: WithRunCallback<T>): Promise<T> {
    const { options, callback } = withRunArguments(optionsOrCallback, maybeCallback);
    return withRun(this.runtime, options, callback);
  }

  /** See `activeRun`. */
  activeRun(): ActiveRun | undefined {
    return this.runtime.runContext.activeRun();
  }

  /** See `logParam`. */
  logParam(key: string, value: ParamValue): void {
    this.requireRun('logParam').logParam(key, value);
  }

  /** See `logParams`. */
  logParams(params: Readonly<Record<string, ParamValue>>): void {
    this.requireRun('logParams').logParams(params);
  }

  /** See `logMetric`. */
  logMetric(key: string, value: number, options?: LogMetricOptions): void {
    this.requireRun('logMetric').logMetric(key, value, options);
  }

  /** See `logMetrics`. */
  logMetrics(metrics: Readonly<Record<string, number>>, options?: LogMetricOptions): void {
    this.requireRun('logMetrics').logMetrics(metrics, options);
  }

  /** See `setTag`. */
  setTag(key: string, value: TagValue): void {
    this.requireRun('setTag').setTag(key, value);
  }

  /** See `setTags`. */
  setTags(tags: Readonly<Record<string, TagValue>>): void {
    this.requireRun('setTags').setTags(tags);
  }

  /** See `logArtifact`. */
  logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    return this.withActiveRun('logArtifact', (run) => run.logArtifact(localPath, artifactPath));
  }

  /** See `logArtifacts`. */
  logArtifacts(localDirectory: string, artifactPath?: string): Promise<void> {
    return this.withActiveRun('logArtifacts', (run) => run.logArtifacts(localDirectory, artifactPath));
  }

  /** See `logText`. */
  logText(text: string, artifactFile: string): Promise<void> {
    return this.withActiveRun('logText', (run) => run.logText(text, artifactFile));
  }

  /** See `logJson`. */
  logJson(value: unknown, artifactFile: string): Promise<void> {
    return this.withActiveRun('logJson', (run) => run.logJson(value, artifactFile));
  }

  /** See `endRun`. */
  endRun(options?: EndRunOptions): Promise<void> {
    return this.activeRun()?.end(options) ?? Promise.resolve();
  }

  /** See `getRun`. */
  async getRun(runId: string): Promise<Run> {
    const store = await this.getStore();
    await this.runtime.writeBuffer.flushQuietly();
    return store.getRun({ runId });
  }

  /** See `getMetricHistory`. */
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const store = await this.getStore();
    await this.runtime.writeBuffer.flushQuietly();
    return store.getMetricHistory({ runId, key });
  }

  /** See `searchRuns`. */
  searchRuns(options: SearchRunsOptions = {}): Promise<SearchRunsResult> {
    return searchRuns(this.runtime, options);
  }

  /** See `deleteRun`. */
  async deleteRun(runId: string): Promise<void> {
    const store = await this.getStore();
    await this.runtime.writeBuffer.flushQuietly();
    await store.deleteRun({ runId });
  }

  /** See `restoreRun`. */
  async restoreRun(runId: string): Promise<void> {
    await (await this.getStore()).restoreRun({ runId });
  }

  private requireRun(action: string): ActiveRun {
    return requireActiveRun(this.runtime.runContext, action);
  }

  private withActiveRun<T>(action: string, work: (run: ActiveRun) => Promise<T>): Promise<T> {
    let run: ActiveRun;
    try {
      run = this.requireRun(action);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return work(run);
  }

  // ------------------------------------------------------------------- tracing

  /** See `autolog`: OpenAI and LangChain calls are traced into this instance. */
  autolog(options?: AutologOptions): AutologResult {
    return enableAutolog(() => this.runtime.tracing, options);
  }

  /** See `assayTelemetry`: the Vercel AI SDK's calls are traced into this instance. */
  aiSdkTelemetry(options?: AssayTelemetryOptions): AiSdkTelemetrySettings {
    return createAiSdkTelemetry(() => this.runtime.tracing, options);
  }

  /** See `trace`. */
  trace<F extends (...args: never[]) => unknown>(fn: F, options?: TraceOptions): F {
    return traceFunction(() => this.runtime.tracing, fn, options);
  }

  /** See `withSpan`. */
  withSpan<T>(options: string | WithSpanOptions, callback: (span: AssaySpan) => T): T {
    return withSpan(this.runtime.tracing, options, callback);
  }

  /** See `startSpan`. */
  startSpan(options: StartSpanOptions): AssaySpan {
    return startSpan(this.runtime.tracing, options);
  }

  /** See `updateCurrentTrace`. */
  updateCurrentTrace(options: UpdateCurrentTraceOptions): void {
    updateCurrentTrace(this.runtime.tracing, options);
  }

  /** See `getLastTraceId`. */
  getLastTraceId(): string | undefined {
    return this.runtime.tracing.lastTraceId;
  }

  /** See `searchTraces`. */
  searchTraces(options: SearchTracesOptions = {}): Promise<SearchTracesResult> {
    return searchTraces(this.runtime, options);
  }

  /** See `getTrace`. */
  async getTrace(traceId: string): Promise<Trace> {
    await this.runtime.tracing.flush();
    return (await this.getStore()).getTrace({ traceId });
  }

  /** See `deleteTraces`. */
  deleteTraces(options: DeleteTracesOptions): Promise<number> {
    return deleteTraces(this.runtime, options);
  }

  // --------------------------------------------------------------- assessments

  /** See `logFeedback`. */
  logFeedback(traceId: string, options: LogFeedbackOptions): Promise<FeedbackAssessment> {
    return logFeedback(this.runtime, traceId, options);
  }

  /** See `logExpectation`. */
  logExpectation(traceId: string, options: LogExpectationOptions): Promise<ExpectationAssessment> {
    return logExpectation(this.runtime, traceId, options);
  }

  /** See `getAssessment`. */
  async getAssessment(traceId: string, assessmentId: string): Promise<Assessment> {
    return (await this.getStore()).getAssessment({ traceId, assessmentId });
  }

  /** See `updateAssessment`. */
  updateAssessment(traceId: string, assessmentId: string, changes: UpdateAssessmentOptions): Promise<Assessment> {
    return updateAssessment(this.runtime, traceId, assessmentId, changes);
  }

  /** See `deleteAssessment`. */
  async deleteAssessment(traceId: string, assessmentId: string): Promise<void> {
    await (await this.getStore()).deleteAssessment({ traceId, assessmentId });
  }

  // -------------------------------------------------------------- model prices

  /** See `setModelPrices`. */
  async setModelPrices(prices: ModelPrice[]): Promise<void> {
    await (await this.getStore()).setModelPrices({ prices });
  }

  /** See `deleteModelPrices`. */
  async deleteModelPrices(models: string[]): Promise<void> {
    await (await this.getStore()).deleteModelPrices({ models });
  }

  /** See `listModelPrices`. */
  async listModelPrices(): Promise<ListedModelPrice[]> {
    return (await this.getStore()).listModelPrices();
  }

  /** See `createAssaySpanProcessor`: a processor for an application's own provider, exporting into this instance. */
  createSpanProcessor(options: SpanExportQueueOptions = {}): AssaySpanProcessor {
    return this.runtime.tracing.createProcessor(options);
  }

  /** See `getExportStats`. */
  getExportStats(): ExportStats {
    return this.runtime.tracing.getExportStats();
  }

  // ------------------------------------------------------------ model registry

  /** See `registerModel`. */
  async registerModel(source: string, name: string, options?: RegisterModelOptions): Promise<ModelVersion> {
    const registry = await this.registry();
    // The run named as lineage must be in the store: this instance's buffered writes go first.
    await this.runtime.writeBuffer.flushQuietly();
    return registry.registerModel(source, name, options);
  }

  /** See `getRegisteredModel`. */
  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return (await this.registry()).getRegisteredModel(name);
  }

  /** See `searchRegisteredModels`. */
  async searchRegisteredModels(options?: SearchRegisteredModelsOptions): Promise<SearchRegisteredModelsResult> {
    return (await this.registry()).searchRegisteredModels(options);
  }

  /** See `getModelVersion`. */
  async getModelVersion(name: string, version: number | string): Promise<ModelVersion> {
    return (await this.registry()).getModelVersion(name, version);
  }

  /** See `searchModelVersions`. */
  async searchModelVersions(options?: SearchModelVersionsOptions): Promise<SearchModelVersionsResult> {
    return (await this.registry()).searchModelVersions(options);
  }

  /** See `getModelVersionByAlias`. */
  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return (await this.registry()).getModelVersionByAlias(name, alias);
  }

  /** See `setRegisteredModelAlias`. */
  async setRegisteredModelAlias(name: string, alias: string, version: number | string, options?: RegistryChangeOptions): Promise<void> {
    await (await this.registry()).setRegisteredModelAlias(name, alias, version, options);
  }

  /** See `deleteRegisteredModelAlias`. */
  async deleteRegisteredModelAlias(name: string, alias: string, options?: RegistryChangeOptions): Promise<void> {
    await (await this.registry()).deleteRegisteredModelAlias(name, alias, options);
  }

  /** See `transitionModelVersionStage`. */
  async transitionModelVersionStage(
    name: string,
    version: number | string,
    stage: string,
    options?: TransitionModelVersionStageOptions,
  ): Promise<ModelVersion> {
    return (await this.registry()).transitionModelVersionStage(name, version, stage, options);
  }

  /** See `setRegisteredModelTag`. */
  async setRegisteredModelTag(name: string, key: string, value: string, options?: RegistryChangeOptions): Promise<void> {
    await (await this.registry()).setRegisteredModelTag(name, key, value, options);
  }

  /** See `setModelVersionTag`. */
  async setModelVersionTag(name: string, version: number | string, key: string, value: string, options?: RegistryChangeOptions): Promise<void> {
    await (await this.registry()).setModelVersionTag(name, version, key, value, options);
  }

  /** See `resolveModelUri`. */
  async resolveModelUri(uri: string): Promise<ResolvedModelUri> {
    return (await this.registry()).resolveModelUri(uri);
  }

  /** See `setRegisteredModelProtection`. */
  async setRegisteredModelProtection(name: string, isProtected: boolean, options?: RegistryChangeOptions): Promise<RegisteredModel> {
    return (await this.registry()).setRegisteredModelProtection(name, isProtected, options);
  }

  /** See `createTransitionRequest`. */
  async createTransitionRequest(name: string, version: number | string, options: CreateTransitionRequestOptions): Promise<TransitionRequest> {
    return (await this.registry()).createTransitionRequest(name, version, options);
  }

  /** See `approveTransitionRequest`. */
  async approveTransitionRequest(id: number | string, options?: RegistryChangeOptions): Promise<TransitionRequest> {
    return (await this.registry()).approveTransitionRequest(id, options);
  }

  /** See `rejectTransitionRequest`. */
  async rejectTransitionRequest(id: number | string, options?: RegistryChangeOptions): Promise<TransitionRequest> {
    return (await this.registry()).rejectTransitionRequest(id, options);
  }

  /** See `getTransitionRequest`. */
  async getTransitionRequest(id: number | string): Promise<TransitionRequest> {
    return (await this.registry()).getTransitionRequest(id);
  }

  /** See `listTransitionRequests`. */
  async listTransitionRequests(options?: ListTransitionRequestsOptions): Promise<ListTransitionRequestsResult> {
    return (await this.registry()).listTransitionRequests(options);
  }

  /** See `listRegistryEvents`. */
  async listRegistryEvents(name: string, options?: ListRegistryEventsOptions): Promise<ListRegistryEventsResult> {
    return (await this.registry()).listRegistryEvents(name, options);
  }

  // ------------------------------------------------------------------- prompts

  /** See `registerPrompt`. */
  async registerPrompt(input: RegisterPromptInput): Promise<PromptVersion> {
    return (await this.prompts()).registerPrompt(input);
  }

  /** See `loadPrompt`. */
  async loadPrompt(uriOrName: string, version?: number | string): Promise<PromptVersion> {
    return (await this.prompts()).loadPrompt(uriOrName, version);
  }

  /** See `searchPrompts`. */
  async searchPrompts(options?: SearchPromptsOptions): Promise<{ prompts: Prompt[]; nextPageToken?: string }> {
    return (await this.prompts()).searchPrompts(options);
  }

  /** See `setPromptAlias`. */
  async setPromptAlias(name: string, alias: string, version: number | string): Promise<void> {
    await (await this.prompts()).setPromptAlias(name, alias, version);
  }

  /** See `deletePromptVersion`. */
  async deletePromptVersion(name: string, version: number | string): Promise<void> {
    await (await this.prompts()).deletePromptVersion(name, version);
  }

  /** See `diffPromptVersions`. */
  async diffPromptVersions(from: string, to: string): Promise<PromptDiff> {
    return (await this.prompts()).diffPromptVersions(from, to);
  }

  /** The prompt registry of this instance's store: a formatted version links itself to the current trace. */
  private async prompts(): Promise<PromptRegistry> {
    const store = requireRegistryStore(await this.getStore(), this.getTrackingUri());
    return new PromptRegistry(store, (use) => linkPromptsToTrace(this.runtime.tracing, [use]), defaultActor());
  }

  /** The registry of this instance's store; throws when the store has none. */
  private async registry(): Promise<RegistryClient> {
    return RegistryClient.of(await this.getStore(), this.getTrackingUri());
  }

  // ----------------------------------------------------------------- lifecycle

  /** See `flush`. */
  flush(): Promise<void> {
    return this.runtime.flush();
  }

  /**
   * Stops this instance: queued spans are exported and buffered entries
   * written (a failure is reported, not thrown), the stores it opened are
   * closed and the process exit hooks forget it. Runs still open stay as they
   * are: end them first. The instance cannot be used afterwards.
   */
  dispose(): Promise<void> {
    return this.runtime.dispose();
  }
}
