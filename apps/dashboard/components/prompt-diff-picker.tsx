'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';

/** Two version pickers that put the compared pair in the URL (`?diff=1..2`). */
export function PromptDiffPicker({ versions, from, to }: { versions: string[]; from: string; to: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [left, setLeft] = useState(from);
  const [right, setRight] = useState(to);
  return (
    <form
      className="toolbar"
      aria-label="Compare versions"
      onSubmit={(event) => {
        event.preventDefault();
        const next = new URLSearchParams(params.toString());
        next.set('diff', `${left}..${right}`);
        router.push(`${pathname}?${next.toString()}`);
      }}
    >
      <label>
        Compare{' '}
        <select aria-label="Diff from version" value={left} onChange={(event) => setLeft(event.target.value)}>
          {versions.map((version) => (
            <option key={version} value={version}>
              v{version}
            </option>
          ))}
        </select>
      </label>
      <label>
        with{' '}
        <select aria-label="Diff to version" value={right} onChange={(event) => setRight(event.target.value)}>
          {versions.map((version) => (
            <option key={version} value={version}>
              v{version}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Show diff</button>
    </form>
  );
}
