'use client';
import type { RunValueColumn } from '@/lib/runs-columns';

/** Options of {@link RunsColumnPicker}. */
export interface RunsColumnPickerProps {
  keys: { metricKeys: string[]; paramKeys: string[]; tagKeys: string[] };
  columns: readonly RunValueColumn[];
  onChange(columns: RunValueColumn[]): void;
}

/** Checkboxes for the metric, param and tag keys present in the experiment's runs; the picked ones become columns. */
export function RunsColumnPicker({ keys, columns, onChange }: RunsColumnPickerProps) {
  const picked = new Set<string>(columns);
  const groups = [
    { kind: 'metrics', label: 'Metrics', keys: keys.metricKeys },
    { kind: 'params', label: 'Params', keys: keys.paramKeys },
    { kind: 'tags', label: 'Tags', keys: keys.tagKeys },
  ] as const;
  return (
    <details className="runs-column-picker">
      <summary>Columns ({columns.length})</summary>
      <div className="card" role="group" aria-label="Pick columns">
        {groups.map((group) => (
          <fieldset key={group.kind}>
            <legend>{group.label}</legend>
            {group.keys.length === 0 ? <span className="muted">none logged</span> : null}
            {group.keys.map((key) => {
              const column = `${group.kind}.${key}` as RunValueColumn;
              return (
                <label key={column} className="row">
                  <input
                    type="checkbox"
                    aria-label={`Show column ${column}`}
                    checked={picked.has(column)}
                    onChange={(event) => onChange(event.target.checked ? [...columns, column] : columns.filter((other) => other !== column))}
                  />
                  <span className="mono">{key}</span>
                </label>
              );
            })}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
