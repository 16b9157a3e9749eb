'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { visibleText } from '@/lib/format';

/** Options of {@link RunsFilterBox}. */
export interface RunsFilterBoxProps {
  filter: string;
  /** The server's answer to a filter it could not parse, with the 1-based column it points at. */
  error: { message: string; column: number | undefined } | undefined;
}

/** The MLflow search filter of the runs table, in the URL (`?filter=`); a syntax error is shown under the box with a caret. */
export function RunsFilterBox({ filter, error }: RunsFilterBoxProps) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(filter);
  const submit = (text: string) => {
    const next = new URLSearchParams(params.toString());
    if (text.trim() === '') next.delete('filter');
    else next.set('filter', text.trim());
    next.delete('selected');
    router.push(`${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
  };
  return (
    <div className="runs-filter">
      <form
        role="search"
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          submit(value);
        }}
      >
        <input
          type="search"
          className="wide mono"
          aria-label="Filter runs"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'runs-filter-error' : undefined}
          placeholder="metrics.accuracy > 0.8 and params.model = 'gpt-4o'"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          size={60}
        />
        <button type="submit">Filter</button>
        {filter !== '' ? (
          <button
            type="button"
            onClick={() => {
              setValue('');
              submit('');
            }}
          >
            Clear filter
          </button>
        ) : null}
      </form>
      {error ? (
        <div id="runs-filter-error" role="alert" className="error-box runs-filter-error">
          {error.column !== undefined ? (
            <pre aria-label="Where the filter fails" className="mono">
              {visibleText(filter)}
              {'\n'}
              {`${' '.repeat(Math.max(0, error.column - 1))}^`}
            </pre>
          ) : null}
          <p>{visibleText(error.message)}</p>
          <p className="muted">The grammar: metrics.name &gt; 0.8, params.name = &apos;value&apos;, tags.name LIKE &apos;x%&apos;, attributes.status = &apos;FINISHED&apos;, joined with and / or and parentheses.</p>
        </div>
      ) : null}
    </div>
  );
}
