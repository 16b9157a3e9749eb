import { preview } from '@/lib/format';
import type { MlflowTag } from '@/lib/mlflow-types';

/** A registry entity's tags as `key=value` badges (reserved `mlflow.*` tags left out: they are MLflow's bookkeeping). */
export function RegistryTags({ tags }: { tags: MlflowTag[] | undefined }) {
  const shown = (tags ?? []).filter((tag) => !tag.key.startsWith('mlflow.') && !tag.key.startsWith('_mlflow'));
  if (shown.length === 0) return <span className="muted">—</span>;
  return (
    <div className="row">
      {shown.map((tag) => (
        <span key={tag.key} className="badge mono" title={preview(`${tag.key}=${tag.value}`, 1000)}>
          {preview(tag.key, 60)}={preview(tag.value, 80)}
        </span>
      ))}
    </div>
  );
}
