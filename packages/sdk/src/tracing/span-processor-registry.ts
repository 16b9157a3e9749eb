import type { StoreSpanProcessor } from './store-span-processor.js';

/** Every live Assay span processor of this process (Assay's own and those plugged into user providers), for flush and stats. */
export const spanProcessorRegistry = new Set<StoreSpanProcessor>();
