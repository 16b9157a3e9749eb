/** How the artifact browser shows a file, chosen by its name. */
export type ArtifactPreviewKind = 'image' | 'json' | 'table-json' | 'csv' | 'text' | 'none';

/** Largest file previewed as text or a table; larger ones get a download link. */
export const MAX_TEXT_PREVIEW_BYTES = 1_000_000;
/** Largest image shown inline. */
export const MAX_IMAGE_PREVIEW_BYTES = 10_000_000;
/** Rows shown of a CSV or table JSON. */
export const MAX_PREVIEW_ROWS = 200;

const TEXT_EXTENSIONS = new Set(['txt', 'md', 'log', 'yaml', 'yml', 'py', 'ts', 'js', 'toml', 'ini', 'cfg', 'html', 'xml', 'jsonl', 'tsv', 'sh', 'mlmodel', 'lock', 'env']);

export function artifactPreviewKind(path: string): ArtifactPreviewKind {
  const name = path.split('/').at(-1) ?? path;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg'].includes(extension)) return 'image';
  if (name === 'eval_results_table.json') return 'table-json';
  if (extension === 'json') return 'json';
  if (extension === 'csv') return 'csv';
  if (extension === '' || TEXT_EXTENSIONS.has(extension)) return 'text';
  return 'none';
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes), up to `maxRows` rows. */
export function parseCsv(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length && rows.length < maxRows; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field === '') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if ((field !== '' || row.length > 0) && rows.length < maxRows) rows.push([...row, field]);
  return rows;
}

/** MLflow's table artifact (`{ columns, data }`, as log_table writes eval_results_table.json) as header + rows. */
export function tableFromJson(value: unknown, maxRows: number): string[][] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { columns, data } = value as { columns?: unknown; data?: unknown };
  if (!Array.isArray(columns) || !Array.isArray(data)) return undefined;
  const cell = (item: unknown) => (typeof item === 'string' ? item : JSON.stringify(item) ?? '');
  return [columns.map(cell), ...data.slice(0, maxRows).map((row) => (Array.isArray(row) ? row.map(cell) : [cell(row)]))];
}
