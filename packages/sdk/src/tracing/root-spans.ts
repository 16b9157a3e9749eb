import type { AssaySpan } from './assay-span.js';

/** An open trace's root span and what `updateCurrentTrace` merged into it so far. */
export interface RootSpanEntry {
  span: AssaySpan;
  tags: Record<string, string>;
  metadata: Record<string, string>;
}
