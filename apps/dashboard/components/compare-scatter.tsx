import { axisScale, type CompareKey } from '@/lib/compare-values';
import { preview } from '@/lib/format';
import { seriesColorVariable } from '@/lib/runs-columns';

const WIDTH = 520;
const HEIGHT = 360;
const PAD = { left: 70, right: 20, top: 20, bottom: 50 };

/** One point per run at (x, y) of two chosen params or metrics; text values spread evenly along their axis. */
export function CompareScatter({ x, y, labels }: { x: CompareKey; y: CompareKey; labels: readonly string[] }) {
  const xScale = axisScale(x);
  const yScale = axisScale(y);
  const px = (position: number) => PAD.left + position * (WIDTH - PAD.left - PAD.right);
  const py = (position: number) => HEIGHT - PAD.bottom - position * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <div className="card scroll">
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label={`Scatter of ${y.id} against ${x.id}`} data-x={x.id} data-y={y.id}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} style={{ stroke: 'var(--fg-soft)' }} />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={HEIGHT - PAD.bottom} style={{ stroke: 'var(--fg-soft)' }} />
        <text x={(PAD.left + WIDTH - PAD.right) / 2} y={HEIGHT - 8} textAnchor="middle" style={{ fill: 'var(--fg)', fontSize: 12, fontWeight: 600 }} data-axis="x">
          {preview(x.id, 40)}
        </text>
        <text x={14} y={(PAD.top + HEIGHT - PAD.bottom) / 2} textAnchor="middle" transform={`rotate(-90 14 ${(PAD.top + HEIGHT - PAD.bottom) / 2})`} style={{ fill: 'var(--fg)', fontSize: 12, fontWeight: 600 }} data-axis="y">
          {preview(y.id, 40)}
        </text>
        {xScale.ticks.slice(0, 12).map((tick) => (
          <text key={`x-${tick.label}`} x={px(tick.at)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" style={{ fill: 'var(--fg-soft)', fontSize: 11 }}>
            {preview(tick.label, 14)}
          </text>
        ))}
        {yScale.ticks.slice(0, 12).map((tick) => (
          <text key={`y-${tick.label}`} x={PAD.left - 6} y={py(tick.at) + 4} textAnchor="end" style={{ fill: 'var(--fg-soft)', fontSize: 11 }}>
            {preview(tick.label, 10)}
          </text>
        ))}
        {labels.map((label, index) => {
          const cx = xScale.position(x.values[index]);
          const cy = yScale.position(y.values[index]);
          if (cx === undefined || cy === undefined) return null;
          return (
            <circle key={index} cx={px(cx)} cy={py(cy)} r={6} style={{ fill: `var(${seriesColorVariable(index)})` }} data-run={label}>
              <title>{`${label}: ${x.id} = ${String(x.values[index])}, ${y.id} = ${String(y.values[index])}`}</title>
            </circle>
          );
        })}
      </svg>
    </div>
  );
}
