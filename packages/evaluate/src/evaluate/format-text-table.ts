/**
 * A plain-text table: the header, a rule of dashes, then the rows, columns
 * padded to their widest cell and two spaces apart, trailing spaces trimmed.
 * Plain text, unlike the CLI's boxed tables, so that it reads the same in an
 * error message, a test runner's output and a CI log.
 */
export function formatTextTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
