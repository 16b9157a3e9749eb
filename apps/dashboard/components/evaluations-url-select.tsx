'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useHydrated } from '@/lib/evaluations-use-hydrated';

/** A select bound to one URL parameter (the empty value removes it), so a reload or a shared link keeps the choice. */
export function EvaluationsUrlSelect({ param, label, options, resets = [] }: { param: string; label: string; options: { value: string; label: string }[]; resets?: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hydrated = useHydrated();
  return (
    <label className="row" data-hydrated={hydrated}>
      <span>{label}</span>
      <select
        aria-label={label}
        value={params.get(param) ?? ''}
        onChange={(event) => {
          const next = new URLSearchParams(params.toString());
          if (event.target.value === '') next.delete(param);
          else next.set(param, event.target.value);
          for (const name of resets) next.delete(name);
          router.push(`${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
