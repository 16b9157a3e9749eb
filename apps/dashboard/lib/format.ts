/** Display helpers; every one returns plain text (React escapes it), never markup. */

/** `2026-12-07 06:38:10` in the viewer's time zone, or an em dash. */
export function formatTime(milliseconds: number | undefined | null): string {
  if (milliseconds === undefined || milliseconds === null || !Number.isFinite(milliseconds) || milliseconds <= 0) return '—';
  const date = new Date(milliseconds);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** 850 ms, 12.3 s, 4 min 5 s. */
export function formatDuration(milliseconds: number | undefined | null): string {
  if (milliseconds === undefined || milliseconds === null || !Number.isFinite(milliseconds) || milliseconds < 0) return '—';
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((milliseconds % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A metric value: up to 4 significant decimals, exponents for very small or large ones. */
export function formatNumber(value: number | undefined | null): string {
  if (value === undefined || value === null) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e7 || Math.abs(value) < 1e-4)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}

/** $0.0123 (more decimals for tiny costs). */
export function formatCost(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '—';
  return `$${value < 0.01 ? value.toFixed(5) : value.toFixed(4)}`;
}

// ANSI/VT escape sequences and other control characters (but tab and newline):
// terminal colouring in LLM output is shown as plain text, never interpreted.
// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text safe to show: escape sequences and control characters made visible as `␛` and `�`, nothing else changed. */
export function visibleText(value: string): string {
  return value.replace(CONTROL, (match) => (match.startsWith('\u001b') ? `␛${match.slice(1)}` : '�'));
}

/** A one-line preview of any value, at most `max` characters. */
export function preview(value: unknown, max = 160): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = visibleText(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
