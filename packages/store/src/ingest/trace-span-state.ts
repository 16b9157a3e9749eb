import { PACKED_SPAN_FIELD as F, type Cost, type ModelPriceTable, type PackedSpanRowsReader, type TokenUsage } from '@assay/core';

/** The token usage a stored span reports, with the model that prices it. */
export interface SpanUsage extends TokenUsage {
  model: string | undefined;
}

/** The span a trace's summary takes as its root (see addSpanRow). */
export interface TraceRoot {
  spanId: string;
  /** True for a span without a parent; else it is marked `assay.trace.root`. */
  parentless: boolean;
  /** Nanoseconds since the epoch, decimal digits. */
  startNs: string;
}

/**
 * What the span writer knows of one stored trace: enough to bring its
 * summary up to date from new spans alone, without reading stored ones.
 */
export interface TraceSpanState {
  /** Every span's parent (undefined for none). */
  readonly parents: Map<string, string | undefined>;
  /** The spans that report token usage. */
  readonly usages: Map<string, SpanUsage>;
  /** The earliest start of its spans, nanoseconds (decimal digits); '' before the first. */
  earliestStartNs: string;
  root: TraceRoot | undefined;
  /** True once the root has ended: the trace is complete (later spans are rare, and summarised with the stored ones). */
  complete: boolean;
  /** The experiment the trace is stored under; set once it is written (a writer checks batches that reject other experiments' traces against it). */
  experimentId?: string;
}

/** A trace's state before any span. */
export function createTraceSpanState(): TraceSpanState {
  return { parents: new Map(), usages: new Map(), earliestStartNs: '', root: undefined, complete: false };
}

/**
 * A copy of a short text sliced out of a batch's rows. V8 keeps a slice of 13
 * characters or more as a view of the whole text it was cut from: a span id
 * the writer remembers would keep its whole batch alive. Joined to a space
 * and sliced again, it is a view of a text of its own size.
 */
function detach(text: string): string {
  return (' ' + text).slice(1);
}

/** -1, 0 or 1 as nanosecond digit strings compare (no leading zeros, up to 19 digits). */
export function compareNanoseconds(left: string, right: string): number {
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** What adding a span did to the trace's root. */
export type AddedSpan =
  /** The span is (now) the trace's root: the summary's root fields come from it. */
  | 'root'
  /** Another span is the root, or none is. */
  | 'span'
  /** The span was the root and no longer can be (it gained a parent): only all stored spans can tell the new root. */
  | 'lost-root';

/**
 * Adds one span row (new or re-sent) to a trace's state. The root is the
 * first span without a parent, else the earliest marked `assay.trace.root`,
 * as MLflow's and Assay's summaries have always taken it.
 */
export function addSpanRow(state: TraceSpanState, reader: PackedSpanRowsReader, row: number, slicedSpanId: string): AddedSpan {
  const parentless = reader.isEmpty(row, F.parentSpanId);
  const marked = !parentless && !reader.isEmpty(row, F.root);
  const root = state.root;
  if (root !== undefined && root.spanId === slicedSpanId && !parentless && !marked) return 'lost-root';
  // What the state keeps outlives the batch: copies, not slices of it.
  const spanId = detach(slicedSpanId);
  state.parents.set(spanId, parentless ? undefined : detach(reader.raw(row, F.parentSpanId)));
  if (reader.isEmpty(row, F.totalTokens)) {
    if (state.usages.size > 0) state.usages.delete(spanId);
  } else {
    state.usages.set(spanId, {
      inputTokens: Number(reader.raw(row, F.inputTokens)),
      outputTokens: Number(reader.raw(row, F.outputTokens)),
      totalTokens: Number(reader.raw(row, F.totalTokens)),
      model: reader.isEmpty(row, F.model) ? undefined : detach(reader.textOf(row, F.model)!),
    });
  }
  const startNs = detach(reader.raw(row, F.startTimeUnixNano));
  if (state.earliestStartNs === '' || compareNanoseconds(startNs, state.earliestStartNs) < 0) state.earliestStartNs = startNs;
  if (parentless) {
    // The first span without a parent stays the root; a re-sent root stays too.
    if (root === undefined || !root.parentless || root.spanId === spanId) {
      state.root = { spanId, parentless: true, startNs };
      state.complete = !reader.isEmpty(row, F.endTimeUnixNano);
      return 'root';
    }
  } else if (marked) {
    if (root === undefined || (!root.parentless && (root.spanId === spanId || compareNanoseconds(startNs, root.startNs) < 0))) {
      state.root = { spanId, parentless: false, startNs };
      state.complete = !reader.isEmpty(row, F.endTimeUnixNano);
      return 'root';
    }
  }
  return 'span';
}

/**
 * The values of the outermost spans that have one: a span counts only when
 * no ancestor has a value (MLflow's rule for usage: a wrapper span's usage
 * already includes its children's; costs follow the same rule).
 */
function outermostValues<T>(values: ReadonlyMap<string, T>, parents: ReadonlyMap<string, string | undefined>): T[] {
  const outermost: T[] = [];
  for (const [spanId, value] of values) {
    const visited = new Set([spanId]);
    let parentId = parents.get(spanId);
    let covered = false;
    while (parentId !== undefined && !visited.has(parentId)) {
      if (values.has(parentId)) {
        covered = true;
        break;
      }
      visited.add(parentId);
      parentId = parents.get(parentId);
    }
    if (!covered) outermost.push(value);
  }
  return outermost;
}

/** A trace's token usage and cost from its state, by the outermost rule; each absent when no span has one. */
export function measureTrace(state: TraceSpanState, prices: ModelPriceTable): { usage?: TokenUsage; cost?: Cost } {
  if (state.usages.size === 0) return {};
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  for (const counted of outermostValues(state.usages, state.parents)) {
    usage.inputTokens += counted.inputTokens;
    usage.outputTokens += counted.outputTokens;
    usage.totalTokens += counted.totalTokens;
  }
  const costs = new Map<string, Cost>();
  for (const [spanId, spanUsage] of state.usages) {
    const cost = prices.costOf(spanUsage, spanUsage.model);
    if (cost !== undefined) costs.set(spanId, cost);
  }
  if (costs.size === 0) return { usage };
  const cost: Cost = { inputCost: 0, outputCost: 0, totalCost: 0 };
  for (const counted of outermostValues(costs, state.parents)) {
    cost.inputCost += counted.inputCost;
    cost.outputCost += counted.outputCost;
    cost.totalCost += counted.totalCost;
  }
  return { usage, cost };
}

/**
 * The states of the open traces one connection's writer wrote recently (no
 * root yet, or a root still open), so that their next spans update the
 * summaries without reading stored spans. Bounded by spans: the least
 * recently written traces are forgotten first; a trace forgotten, or complete
 * (not kept), has its next spans summarised with its stored spans read back.
 */
export class SpanWriterState {
  private readonly traces = new Map<string, { state: TraceSpanState; spans: number }>();
  private spans = 0;

  constructor(private readonly maxSpans: number = 20_000) {}

  /** A trace's state, if the writer has it. */
  get(traceId: string): TraceSpanState | undefined {
    return this.traces.get(traceId)?.state;
  }

  /** Keeps (or refreshes) an open trace's state as the most recent; forgets a complete one. */
  remember(traceId: string, state: TraceSpanState): void {
    const previous = this.traces.get(traceId);
    if (previous !== undefined) {
      this.spans -= previous.spans;
      this.traces.delete(traceId);
    }
    if (state.complete) return;
    this.traces.set(detach(traceId), { state, spans: state.parents.size });
    this.spans += state.parents.size;
  }

  /** Forgets traces (deleted ones). */
  forget(traceIds: Iterable<string>): void {
    for (const traceId of traceIds) {
      const entry = this.traces.get(traceId);
      if (entry === undefined) continue;
      this.spans -= entry.spans;
      this.traces.delete(traceId);
    }
  }

  /** Forgets the oldest traces beyond the bound. */
  trim(): void {
    for (const [traceId, entry] of this.traces) {
      if (this.spans <= this.maxSpans) break;
      this.spans -= entry.spans;
      this.traces.delete(traceId);
    }
  }

  /** How many traces and spans it holds. */
  get size(): { traces: number; spans: number } {
    return { traces: this.traces.size, spans: this.spans };
  }
}
