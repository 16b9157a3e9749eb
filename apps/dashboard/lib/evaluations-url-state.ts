'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

/**
 * The page's URL parameters, changed at once on screen and then in the URL
 * (`router.replace`, so a reload or a shared link keeps them): a control
 * reacts before the server has re-rendered the page.
 */
export function useUrlState(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const urlParams = useSearchParams();
  const urlText = urlParams.toString();
  const [params, setParams] = useState(() => new URLSearchParams(urlText));
  // Back, forward and links change the URL itself: follow it.
  useEffect(() => setParams(new URLSearchParams(urlText)), [urlText]);
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
    router.replace(`${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`, { scroll: false });
  };
  return [params, update];
}
