import type { ActiveRun } from './run-handle.js';

/** Runs this process started whose end has not been recorded yet; the exit hooks end them. */
export const openRuns = new Set<ActiveRun>();
