/**
 * Formats the time between two epoch-millisecond instants compactly:
 * `850ms`, `12.3s`, `4m 05s`, `2h 03m`, `3d 04h`; `-` while the run has no end.
 */
export function formatDuration(startTime: number, endTime: number | undefined): string {
  if (endTime === undefined || !Number.isFinite(endTime) || !Number.isFinite(startTime)) return '-';
  const milliseconds = Math.max(0, endTime - startTime);
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const wholeSeconds = Math.floor(seconds);
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(wholeSeconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, '0')}h`;
}
