let lastTraceId: string | undefined;

/** The id (`tr-…`) of the last trace whose root span ended in this process, or undefined. */
export function getLastTraceId(): string | undefined {
  return lastTraceId;
}

/** Records a trace whose root span ended (or forgets, with undefined). @internal */
export function setLastTraceId(traceId: string | undefined): void {
  lastTraceId = traceId;
}
