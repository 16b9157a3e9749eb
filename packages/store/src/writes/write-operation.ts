import type { EvaluationRowRecord, Metric, Param, RunStatus, Span, SpanEncoding, Tag } from '@assay/core';

/** A fully resolved new run: every field the runs table needs. */
export interface NewRun {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  startTime: number;
  artifactUri: string;
  parentRunId?: string;
  tags: Tag[];
}

/**
 * One write, as applied to the database and as written to the spool when the
 * database is held by another process. Spool segments are lists of these.
 */
export type WriteOperation =
  | { op: 'createRun'; run: NewRun }
  | { op: 'logBatch'; runId: string; metrics: Metric[]; params: Param[]; tags: Tag[] }
  | { op: 'updateRun'; runId: string; status?: RunStatus; endTime?: number; runName?: string }
  | { op: 'deleteTag'; runId: string; key: string }
  | { op: 'logSpans'; experimentId: string; spans: Span[]; encodings?: readonly (SpanEncoding | undefined | null)[] }
  | { op: 'logEvaluationRows'; runId: string; rows: EvaluationRowRecord[] };
