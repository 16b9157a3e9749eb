/**
 * Formats US dollars for a table: cents for a dollar or more (`$1.50`), three
 * significant digits below (`$0.00105`, `$0.0000009`), never in exponent form.
 */
export function formatCost(dollars: number): string {
  if (!Number.isFinite(dollars)) return `$${dollars}`;
  if (dollars === 0) return '$0';
  const decimals = Math.min(20, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(dollars)))));
  return `$${dollars.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/u, '$1')}`;
}
