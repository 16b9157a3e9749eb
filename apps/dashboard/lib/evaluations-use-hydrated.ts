'use client';
import { useEffect, useState } from 'react';

/**
 * False in the server's HTML, true once React runs in the browser: controls
 * say so with `data-hydrated`, so that a test (or a script) knows when a
 * click reaches React rather than the bare HTML.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
