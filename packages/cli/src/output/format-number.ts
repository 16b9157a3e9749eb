/**
 * Formats a metric value for a table: integers whole, other numbers to six
 * significant digits (`0.812346`, `1234.57`), and `NaN`/`Infinity` as such.
 */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}
