'use client';
import { LabeledSelect } from './labeled-select';
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
      <LabeledSelect label="Compare" ariaLabel="Diff from version" value={left} options={versions} onChange={setLeft} format={(version) => `v${version}`} />
      <LabeledSelect label="with" ariaLabel="Diff to version" value={right} options={versions} onChange={setRight} format={(version) => `v${version}`} />
      <button type="submit">Show diff</button>
    </form>
  );
}
