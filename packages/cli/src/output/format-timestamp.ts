function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Formats epoch milliseconds as local time, `YYYY-MM-DD HH:mm:ss` (ISO 8601
 * order, readable in a table); `-` when absent.
 */
export function formatTimestamp(milliseconds: number | undefined): string {
  if (milliseconds === undefined || !Number.isFinite(milliseconds)) return '-';
  const date = new Date(milliseconds);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}
