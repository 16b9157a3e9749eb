'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';

/** A text box bound to one URL parameter: submitting puts it in the URL (so a reload or a shared link keeps it). */
export function SearchBox({ param, label, placeholder, className }: { param: string; label: string; placeholder?: string; className?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(params.get(param) ?? '');
  return (
    <form
      role="search"
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        const next = new URLSearchParams(params.toString());
        if (value.trim() === '') next.delete(param);
        else next.set(param, value.trim());
        next.delete('page');
        router.push(`${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
      }}
    >
      <input type="search" aria-label={label} placeholder={placeholder} value={value} onChange={(event) => setValue(event.target.value)} className={className} />
      <button type="submit">Search</button>
    </form>
  );
}
