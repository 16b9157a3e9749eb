import { axisScale, type CompareKey } from '@/lib/compare-values';
import { preview } from '@/lib/format';
import { seriesColorVariable } from '@/lib/runs-columns';

const HEIGHT = 300;
const TOP = 36;
const BOTTOM = 30;
const AXIS_GAP = 140;

/** Params and metrics as vertical axes, one polyline per run (its colour); a run without a value skips that axis. */
export function CompareParallelCoordinates({ keys, labels }: { keys: readonly CompareKey[]; labels: readonly string[] }) {
  const scales = keys.map((key) => axisScale(key));
  const width = AXIS_GAP * (keys.length - 1) + 120;
  const xOf = (index: number) => 60 + index * AXIS_GAP;
  const yOf = (position: number) => TOP + (1 - position) * (HEIGHT - TOP - BOTTOM);
  return (
    <div className="scroll card">
      <svg width={width} height={HEIGHT} role="img" aria-label={`Parallel coordinates of ${labels.length} runs over ${keys.length} axes`}>
        {labels.map((label, runIndex) => {
          const points = keys.flatMap((key, axis) => {
            const position = scales[axis]!.position(key.values[runIndex]);
            return position === undefined ? [] : [`${xOf(axis)},${yOf(position)}`];
          });
          return (
            <polyline key={runIndex} points={points.join(' ')} fill="none" style={{ stroke: `var(${seriesColorVariable(runIndex)})` }} strokeWidth={2} opacity={0.85} data-run={label}>
              <title>{label}</title>
            </polyline>
          );
        })}
        {keys.map((key, axis) => (
          <g key={key.id} aria-label={`Axis ${key.id}`}>
            <line x1={xOf(axis)} x2={xOf(axis)} y1={TOP} y2={HEIGHT - BOTTOM} style={{ stroke: 'var(--fg-soft)' }} />
            <text x={xOf(axis)} y={16} textAnchor="middle" style={{ fill: 'var(--fg)', fontSize: 12, fontWeight: 600 }}>
              {preview(key.id, 24)}
            </text>
            {scales[axis]!.ticks.slice(0, 12).map((tick) => (
              <text key={tick.label} x={xOf(axis) + 5} y={yOf(tick.at) + 4} style={{ fill: 'var(--fg-soft)', fontSize: 11 }}>
                {preview(tick.label, 18)}
              </text>
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}
