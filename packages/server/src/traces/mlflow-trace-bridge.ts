import { ASSAY_ATTRIBUTES, AssayError, InvalidParameterError, NotFoundError, type DeleteTracesInput, type Span, type Store, type Trace, type TraceInfo } from '@assay/core';
import { CoalescedLookup } from './coalesced-lookup.js';
import { PendingTraceInfos } from './pending-trace-infos.js';
import { RecentlyUsedMap } from './recently-used-map.js';

// Traces whose experiment is remembered; beyond, the least recently used are forgotten (read again from the store).
const MAX_REMEMBERED_EXPERIMENTS = 10_000;
const TRACES_PER_QUERY = 1_000;
const VALID_TRACE_ID = /^tr-[0-9a-f]{32}$/u;

/** The trace-level fields a root span carries for the Store (see summarizeTrace in @assay/store). */
type RootFields = Pick<TraceInfo, 'tags' | 'metadata' | 'runId' | 'sessionId' | 'userId'>;

function isNotFound(error: unknown): boolean {
  return AssayError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST';
}

/** The span the Store takes as a trace's root: the one without a parent, else the one marked as root. */
function rootOf(spans: readonly Span[]): Span | undefined {
  return spans.find((span) => span.parentSpanId === undefined) ?? spans.find((span) => span.attributes[ASSAY_ATTRIBUTES.traceRoot] === true);
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** A root span's attributes with trace-level fields set: tags and metadata merged over the ones it has. */
function withRootFields(attributes: Readonly<Record<string, unknown>>, fields: Partial<RootFields>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...attributes };
  if (fields.tags !== undefined) merged[ASSAY_ATTRIBUTES.traceTags] = { ...stringRecord(attributes[ASSAY_ATTRIBUTES.traceTags]), ...fields.tags };
  if (fields.metadata !== undefined) merged[ASSAY_ATTRIBUTES.traceMetadata] = { ...stringRecord(attributes[ASSAY_ATTRIBUTES.traceMetadata]), ...fields.metadata };
  if (fields.runId !== undefined) merged[ASSAY_ATTRIBUTES.sourceRun] = fields.runId;
  if (fields.sessionId !== undefined) merged[ASSAY_ATTRIBUTES.sessionId] = fields.sessionId;
  if (fields.userId !== undefined) merged[ASSAY_ATTRIBUTES.userId] = fields.userId;
  return merged;
}

/**
 * MLflow's trace protocol on top of the Store. MLflow's clients send a
 * trace's info (StartTraceV3 when it ends; MLflow 2's start and end calls)
 * apart from its spans (traces.json through the artifact proxy), while the
 * Store derives a trace's summary from its spans, taking tags, metadata, run,
 * session and user from its root span's attributes. So an info that comes
 * first waits (PendingTraceInfos) and is put on the root span when the spans
 * come; an info or a change for a trace already stored is written onto its
 * root span again (Store.logSpans replaces a re-sent span).
 */
export class MlflowTraceBridge {
  // The experiment of stored and claimed traces (a trace keeps the one it was first logged to), forgotten when
  // traces are deleted. Bounded by recent use, not emptied when full: a trace just claimed, whose spans are not
  // yet written (so the store cannot tell), must stay claimed, or a concurrent batch could take it elsewhere.
  private readonly experiments = new RecentlyUsedMap<string, string>(MAX_REMEMBERED_EXPERIMENTS);

  // Span writes of claimed traces not yet durable (see writeClaimed).
  private readonly writing = new Set<Promise<void>>();
  // A look-up first lets the writes in flight finish: the store would run it after them anyway, and the
  // batches that come meanwhile join it, so that their writes reach the store together (one commit).
  private readonly storedExperiments = new CoalescedLookup<string>(
    (traceIds) => this.readStoredExperiments(traceIds),
    () => Promise.allSettled([...this.writing]),
  );

  constructor(
    private readonly store: Store,
    private readonly pending: PendingTraceInfos = new PendingTraceInfos(),
  ) {}

  /**
   * The experiment a trace belongs to: the stored trace's, else the waiting
   * info's (for permission checks, which must also work between a client's
   * info and its spans).
   * @throws NotFoundError when neither has the trace.
   */
  async experimentOf(traceId: string): Promise<string> {
    const known = this.knownExperimentOf(traceId);
    if (known !== undefined) return known;
    const { experimentId } = (await this.store.getTrace({ traceId })).info;
    this.remember(traceId, experimentId);
    return experimentId;
  }

  /**
   * The traces among `traceIds` (valid ids) that belong to another
   * experiment than `experimentId`, stored or announced there, each with its
   * experiment: a write must not move them (see requireSameExperiment). The
   * others are claimed for `experimentId` at once, before the caller writes
   * them, so that a concurrent batch cannot take one of them to another
   * experiment meanwhile; the caller writes them through writeClaimed.
   * For a batch of spans (OTLP): the traces this bridge does not know yet are
   * looked up in the store's `traces` table, together with those of the
   * batches that wait meanwhile (see CoalescedLookup), instead of one trace
   * read each.
   */
  async claimTraces({ experimentId, traceIds }: { experimentId: string; traceIds: Iterable<string> }): Promise<Map<string, string>> {
    const outside = new Map<string, string>();
    const unknown: string[] = [];
    const claim = (traceId: string): void => {
      const known = this.knownExperimentOf(traceId);
      if (known === undefined) this.remember(traceId, experimentId);
      else if (known !== experimentId) outside.set(traceId, known);
    };
    for (const traceId of traceIds) {
      if (this.knownExperimentOf(traceId) === undefined && VALID_TRACE_ID.test(traceId)) unknown.push(traceId);
      else claim(traceId);
    }
    const stored = await this.storedExperiments.lookUp(unknown);
    for (const [traceId, storedIn] of stored) this.remember(traceId, storedIn);
    // Known now: stored, or claimed by a batch that was looked up meanwhile.
    for (const traceId of unknown) claim(traceId);
    return outside;
  }

  /**
   * The traces among `traceIds` announced in another experiment than
   * `experimentId` (an info waiting for its spans), each with its experiment.
   * For a store that checks stored traces in its write's transaction
   * (`otherExperimentTraces: 'reject'`), these are the only ones a batch of
   * spans is checked against first: nothing is read or claimed.
   */
  announcedElsewhere({ experimentId, traceIds }: { experimentId: string; traceIds: Iterable<string> }): Map<string, string> {
    const elsewhere = new Map<string, string>();
    for (const traceId of traceIds) {
      const announced = this.pending.get(traceId)?.experimentId;
      if (announced !== undefined && announced !== experimentId) elsewhere.set(traceId, announced);
    }
    return elsewhere;
  }

  /**
   * Runs the write of traces claimed by claimTraces; if it fails, the
   * experiment claimed for them is forgotten (they may not be stored).
   */
  async writeClaimed(traceIds: Iterable<string>, write: () => Promise<void>): Promise<void> {
    const written = write();
    this.writing.add(written);
    try {
      await written;
    } catch (error) {
      for (const traceId of traceIds) this.experiments.delete(traceId);
      throw error;
    } finally {
      this.writing.delete(written);
    }
  }

  private knownExperimentOf(traceId: string): string | undefined {
    return this.experiments.get(traceId) ?? this.pending.get(traceId)?.experimentId;
  }

  /** The experiments of stored traces among valid trace ids, read TRACES_PER_QUERY at a time. */
  private async readStoredExperiments(traceIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let start = 0; start < traceIds.length; start += TRACES_PER_QUERY) {
      // The ids are checked hex: safe as SQL literals (so the query needs no check for reads outside the store).
      const ids = traceIds.slice(start, start + TRACES_PER_QUERY).map((traceId) => `'${traceId}'`);
      const { rows } = await this.store.sql({ query: `SELECT trace_id, experiment_id FROM traces WHERE trace_id IN (${ids.join(', ')})` });
      for (const [traceId, experimentId] of rows as [string, string][]) found.set(traceId, experimentId);
    }
    return found;
  }

  private remember(traceId: string, experimentId: string): void {
    this.experiments.set(traceId, experimentId);
  }

  /**
   * Refuses to write a trace into an experiment other than its own: a trace
   * never moves (the Store keeps the experiment it was first logged to), and
   * a write naming another experiment must not reach it with that
   * experiment's permission.
   */
  private async requireSameExperiment(traceId: string, experimentId: string): Promise<void> {
    let current: string;
    try {
      current = await this.experimentOf(traceId);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (current !== experimentId) {
      throw new InvalidParameterError(`Trace '${traceId}' belongs to experiment '${current}', not '${experimentId}'; a trace cannot be written to another experiment.`);
    }
  }

  /** The stored trace, or undefined when the Store has none with this id. */
  private async storedTrace(traceId: string): Promise<Trace | undefined> {
    try {
      return await this.store.getTrace({ traceId });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Writes a stored trace's root span again with trace-level fields changed. */
  private async rewriteRoot(trace: Trace, fields: Partial<RootFields>): Promise<void> {
    const root = rootOf(trace.spans);
    if (root === undefined) {
      throw new InvalidParameterError(`Trace '${trace.info.traceId}' has no root span yet; retry once its root span is logged.`);
    }
    // The current tags go along, so that tags changed since tracing are not set back to their traced values.
    const tags = { ...trace.info.tags, ...fields.tags };
    const attributes = await this.storedAttributes(root);
    await this.store.logSpans({ experimentId: trace.info.experimentId, spans: [{ ...root, attributes: withRootFields(attributes, { ...fields, tags }) }] });
  }

  /**
   * A stored span's attributes as they were stored. getTrace adds the inputs
   * and outputs ingest mapped from another convention's attributes (e.g.
   * OpenInference's `input.value`) as `mlflow.spanInputs` / `mlflow.spanOutputs`;
   * written back, they would be stored as the span's own and encoded anew
   * (plain text as a JSON string), changing the trace's previews.
   */
  private async storedAttributes(span: Span): Promise<Record<string, unknown>> {
    const quoted = (text: string): string => `'${text.replaceAll("'", "''")}'`;
    const { rows } = await this.store.sql({ query: `SELECT attributes FROM spans WHERE trace_id = ${quoted(span.traceId)} AND span_id = ${quoted(span.spanId)}` });
    const stored = rows[0]?.[0];
    // Gone meanwhile (deleted): the spans as read, which the write then stores again as before.
    return typeof stored === 'string' ? (JSON.parse(stored) as Record<string, unknown>) : span.attributes;
  }

  /**
   * A trace's summary: the Store's, else the info waiting for its spans.
   * @throws NotFoundError when neither has the trace.
   */
  async readInfo(traceId: string): Promise<TraceInfo> {
    try {
      return (await this.store.getTrace({ traceId })).info;
    } catch (error) {
      const waiting = isNotFound(error) ? this.pending.get(traceId) : undefined;
      if (waiting === undefined) throw error;
      return waiting;
    }
  }

  /** The info waiting for a trace's spans, if there is one. */
  waitingInfo(traceId: string): TraceInfo | undefined {
    return this.pending.get(traceId);
  }

  /**
   * Records a trace's info as a client sent it, and returns the trace's
   * summary as now known. For a stored trace, its tags, metadata, run,
   * session and user are merged into it; otherwise the info waits for the spans.
   * @throws NotFoundError for an unknown or deleted experiment.
   */
  async recordInfo(info: TraceInfo): Promise<TraceInfo> {
    await this.requireSameExperiment(info.traceId, info.experimentId);
    const stored = await this.storedTrace(info.traceId);
    if (stored === undefined || rootOf(stored.spans) === undefined) {
      const experiment = await this.store.getExperiment({ experimentId: info.experimentId });
      if (experiment.lifecycleStage !== 'active') throw new NotFoundError(`Experiment '${info.experimentId}' is deleted; restore it to log traces to it.`);
      this.pending.set(info);
      return info;
    }
    await this.rewriteRoot(stored, {
      tags: info.tags,
      metadata: info.metadata,
      ...(info.runId !== undefined ? { runId: info.runId } : {}),
      ...(info.sessionId !== undefined ? { sessionId: info.sessionId } : {}),
      ...(info.userId !== undefined ? { userId: info.userId } : {}),
    });
    return (await this.store.getTrace({ traceId: info.traceId })).info;
  }

  /**
   * Stores a trace's spans (from traces.json), with the waiting info's
   * trace-level fields on the root span; the info then stops waiting.
   */
  async logSpans({ experimentId, traceId, spans }: { experimentId: string; traceId: string; spans: Span[] }): Promise<void> {
    await this.requireSameExperiment(traceId, experimentId);
    const info = this.pending.get(traceId);
    const root = rootOf(spans);
    if (info !== undefined && root !== undefined) {
      const fields: Partial<RootFields> = { tags: info.tags, metadata: info.metadata };
      if (info.runId !== undefined) fields.runId = info.runId;
      if (info.sessionId !== undefined) fields.sessionId = info.sessionId;
      if (info.userId !== undefined) fields.userId = info.userId;
      root.attributes = withRootFields(root.attributes, fields);
    }
    await this.store.logSpans({ experimentId, spans });
    if (root !== undefined) this.pending.delete(traceId);
  }

  /**
   * A stored trace's spans, for traces.json.
   * @throws NotFoundError for a trace the Store does not have in this experiment.
   */
  async spansOf({ experimentId, traceId }: { experimentId: string; traceId: string }): Promise<Span[]> {
    const trace = await this.store.getTrace({ traceId });
    if (trace.info.experimentId !== experimentId) throw new NotFoundError(`Trace '${traceId}' is not in experiment '${experimentId}'.`);
    return trace.spans;
  }

  /** Sets a tag of a trace, stored or waiting. @throws NotFoundError for an unknown trace. */
  async setTag({ traceId, key, value }: { traceId: string; key: string; value: string }): Promise<void> {
    const waiting = this.pending.get(traceId);
    if (waiting !== undefined && (await this.storedTrace(traceId)) === undefined) {
      this.pending.set({ ...waiting, tags: { ...waiting.tags, [key]: value } });
      return;
    }
    await this.store.setTraceTag({ traceId, key, value });
  }

  /** Deletes a tag of a trace, stored or waiting. @throws NotFoundError for an unknown trace. */
  async deleteTag({ traceId, key }: { traceId: string; key: string }): Promise<void> {
    const waiting = this.pending.get(traceId);
    if (waiting !== undefined && (await this.storedTrace(traceId)) === undefined) {
      const { [key]: _removed, ...tags } = waiting.tags;
      this.pending.set({ ...waiting, tags });
      return;
    }
    await this.store.deleteTraceTag({ traceId, key });
  }

  /**
   * Makes traces belong to a run (the run their summaries name).
   * @throws NotFoundError for an unknown run or trace.
   * @throws InvalidParameterError for a stored trace without its root span.
   */
  async linkToRun({ traceIds, runId }: { traceIds: readonly string[]; runId: string }): Promise<void> {
    await this.store.getRun({ runId });
    for (const traceId of traceIds) {
      const stored = await this.storedTrace(traceId);
      if (stored !== undefined) {
        await this.rewriteRoot(stored, { runId });
        continue;
      }
      const waiting = this.pending.get(traceId);
      if (waiting === undefined) throw new NotFoundError(`Trace '${traceId}' not found.`);
      this.pending.set({ ...waiting, runId });
    }
  }

  /** Deletes traces of an experiment (see Store.deleteTraces), waiting ones included; returns how many the Store deleted. */
  async deleteTraces(input: DeleteTracesInput): Promise<number> {
    // A deleted trace's id may be used again, in any experiment.
    this.experiments.clear();
    for (const traceId of input.traceIds ?? []) {
      if (this.pending.get(traceId)?.experimentId === input.experimentId) this.pending.delete(traceId);
    }
    try {
      return await this.store.deleteTraces(input);
    } finally {
      this.experiments.clear();
    }
  }
}
