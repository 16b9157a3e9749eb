'use client';
import { LabeledSelect } from './labeled-select';
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
      <LabeledSelect className="row" label="X" ariaLabel="Scatter x axis" value={x} options={options} onChange={(value) => choose('x', value)} />
      <LabeledSelect className="row" label="Y" ariaLabel="Scatter y axis" value={y} options={options} onChange={(value) => choose('y', value)} />
    </div>
  );
}
