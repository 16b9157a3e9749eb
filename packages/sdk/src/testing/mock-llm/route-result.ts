import type { AnswerSelector } from './create-answer-selector.js';

/** One server-sent event: `event: <event>` (when given) and `data: <data>`. */
export interface SseEvent {
  event?: string;
  /** Already serialised (JSON, or `[DONE]`). */
  data: string;
}

/** What a route answers: a JSON body, or a stream of server-sent events. */
export type RouteResult = { kind: 'json'; body: unknown } | { kind: 'sse'; events: SseEvent[] };

/** What a route handler is given for one request. */
export interface RouteContext {
  /** The parsed JSON body (an object). */
  body: Record<string, unknown>;
  /** This request's number on its server (1, 2, ...), from which ids are derived. */
  sequence: number;
  /** The server's answer selection. */
  selector: AnswerSelector;
}

/** The fixed `created` timestamp of every answer (2023-11-14), so that answers are deterministic. */
export const CREATED_AT = 1_700_000_000;
