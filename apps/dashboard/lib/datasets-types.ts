/** A dataset version as `/api/assay/v1/datasets` returns it. */
export interface AssayDataset {
  name: string;
  version: number;
  digest: string;
  row_count: number;
  schema: { name: string; type: string }[];
  source?: string;
  source_type?: string;
  description?: string;
  tags?: Record<string, string>;
  created_time?: number;
}

/** The datasets list's entry: the latest version and how many there are. */
export interface AssayDatasetSummary extends AssayDataset {
  version_count: number;
}

/** The first 12 characters of a digest: enough to tell versions apart at a glance. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 12);
}
