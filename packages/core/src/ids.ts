/** A new run id: 32 lowercase hex characters, as MLflow makes them. */
export function generateRunId(): string {
  return globalThis.crypto.randomUUID().replaceAll('-', '');
}
