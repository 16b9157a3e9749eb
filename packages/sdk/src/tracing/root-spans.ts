import type { AssaySpan } from './assay-span.js';

/** An open trace's root span and what `updateCurrentTrace` merged into it so far. */
export interface RootSpanEntry {
  span: AssaySpan;
  tags: Record<string, string>;
  metadata: Record<string, string>;
}

/** Root spans of traces still open, by OpenTelemetry trace id (32 hex); entries leave when the root span ends. */
export const rootSpans = new Map<string, RootSpanEntry>();
