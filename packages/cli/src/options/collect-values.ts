/**
 * Commander argument parser for a repeatable option whose values may also be
 * comma-separated: `--columns a,b --columns c` gives `['a', 'b', 'c']`.
 */
export function collectCommaSeparated(value: string, previous: string[] | undefined): string[] {
  const values = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...(previous ?? []), ...values];
}

/**
 * Commander argument parser for a repeatable option kept verbatim (values may
 * contain commas, e.g. `--order-by "metrics.acc DESC"`).
 */
export function collectRepeated(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
