import type { z } from '@hono/zod-openapi';
import type { FileInfo } from '@assay/core';
import type { fileInfoJson } from '../schemas/mlflow-entities.js';

/** An artifact listing entry as MLflow's JSON (no size for folders). */
export function toMlflowFileInfo(file: FileInfo): z.infer<typeof fileInfoJson> {
  return { path: file.path, is_dir: file.isDir, ...(file.fileSize !== undefined ? { file_size: file.fileSize } : {}) };
}
