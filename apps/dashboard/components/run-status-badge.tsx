/** A run's status as a coloured badge (the text says it too, colour is not the only cue). */
export function RunStatusBadge({ status }: { status: string }) {
  const tone = status === 'FINISHED' ? 'ok' : status === 'FAILED' ? 'bad' : status === 'RUNNING' || status === 'SCHEDULED' || status === 'KILLED' ? 'warn' : '';
  return <span className={`badge ${tone}`}>{status}</span>;
}
