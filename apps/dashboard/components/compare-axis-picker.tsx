'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/** The scatter's two axes, as `x` and `y` in the URL. */
export function CompareAxisPicker({ options, x, y }: { options: readonly string[]; x: string; y: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const choose = (name: 'x' | 'y', value: string) => {
    const next = new URLSearchParams(params.toString());
    next.set(name, value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  return (
    <div className="toolbar">
      <label className="row">
        X
        <select aria-label="Scatter x axis" value={x} onChange={(event) => choose('x', event.target.value)}>
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
      <label className="row">
        Y
        <select aria-label="Scatter y axis" value={y} onChange={(event) => choose('y', event.target.value)}>
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
