'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';

/** "Only differences" for the compare page's diff table, as `only_diff=1` in the URL (the server leaves equal rows out). */
export function CompareDifferenceToggle({ checked }: { checked: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // A local copy so the box answers at once, while the server renders the table again.
  const [value, setValue] = useState(checked);
  return (
    <label className="row">
      <input
        type="checkbox"
        checked={value}
        onChange={(event) => {
          setValue(event.target.checked);
          const next = new URLSearchParams(params.toString());
          if (event.target.checked) next.set('only_diff', '1');
          else next.delete('only_diff');
          router.replace(`${pathname}?${next.toString()}`, { scroll: false });
        }}
      />
      Only differences
    </label>
  );
}
