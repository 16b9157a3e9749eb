/** A tool call as sent on the wire: arguments as a JSON string. */
export interface ResolvedToolCall {
  /** The function's name. */
  name: string;
  /** The arguments, a JSON text. */
  arguments: string;
}

/** The answer chosen for one request. */
export interface ResolvedAnswer {
  /** The assistant text ('' when it only calls tools). */
  content: string;
  /** The tool calls, in order (none for a text answer). */
  toolCalls: ResolvedToolCall[];
}
