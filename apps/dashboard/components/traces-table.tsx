'use client';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, useTransition } from 'react';
import { browserApi } from '@/lib/browser-api';
import { formatCost, formatDuration, formatTime, preview } from '@/lib/format';
import { readablePreview } from '@/lib/traces-preview';
import type { TraceSearchAnswer, TraceSummary } from '@/lib/traces-types';
import styles from '@/app/traces/traces.module.css';

/** The search the first page came from; "Load more" asks for the next page of the same. */
export interface TraceSearchRequest {
  experiment_ids: string[];
  filter?: string;
  order_by: string[];
  max_results: number;
}

const column = createColumnHelper<TraceSummary>();

/** The URL's order for a sortable column, and the arrow shown beside it. */
const SORTABLE: Record<string, { ascending: string; descending: string }> = {
  request_time: { ascending: 'time_asc', descending: 'time_desc' },
  execution_duration_ms: { ascending: 'duration_asc', descending: 'duration_desc' },
};

export function TraceStatusBadge({ state }: { state: string }) {
  return <span className={`badge ${state === 'OK' ? 'ok' : state === 'ERROR' ? 'bad' : 'warn'}`}>{state}</span>;
}

const COLUMNS = [
  column.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Link href={`/traces/${encodeURIComponent(info.row.original.trace_id)}`} className={`mono ${styles.nameCell}`}>
        {preview(info.getValue() ?? info.row.original.trace_id, 60)}
      </Link>
    ),
  }),
  column.accessor('request_preview', { header: 'Request', cell: (info) => <div className={`preview ${styles.previewCell}`} title={readablePreview(info.getValue(), 1000)}>{readablePreview(info.getValue())}</div> }),
  column.accessor('response_preview', { header: 'Response', cell: (info) => <div className={`preview ${styles.previewCell}`} title={readablePreview(info.getValue(), 1000)}>{readablePreview(info.getValue())}</div> }),
  column.accessor('request_time', { header: 'Started', cell: (info) => <span className="mono">{formatTime(info.getValue())}</span> }),
  column.accessor('execution_duration_ms', { header: 'Duration', meta: { numeric: true }, cell: (info) => formatDuration(info.getValue()) }),
  column.accessor((trace) => trace.token_usage?.input_tokens, { id: 'input_tokens', header: 'In', meta: { numeric: true }, cell: (info) => info.getValue() ?? '—' }),
  column.accessor((trace) => trace.token_usage?.output_tokens, { id: 'output_tokens', header: 'Out', meta: { numeric: true }, cell: (info) => info.getValue() ?? '—' }),
  column.accessor((trace) => trace.token_usage?.total_tokens, { id: 'total_tokens', header: 'Tokens', meta: { numeric: true }, cell: (info) => info.getValue() ?? '—' }),
  column.accessor((trace) => trace.cost?.total_cost, { id: 'cost', header: 'Cost', meta: { numeric: true }, cell: (info) => formatCost(info.getValue()) }),
  column.accessor('state', { header: 'Status', cell: (info) => <TraceStatusBadge state={info.getValue()} /> }),
  column.accessor('run_id', {
    header: 'Run',
    cell: (info) => {
      const runId = info.getValue();
      return runId === undefined ? <span className="muted">—</span> : <Link href={`/runs/${encodeURIComponent(runId)}`} className="mono">{runId.slice(0, 8)}</Link>;
    },
  }),
];

/**
 * The traces of a search, a page at a time ("Load more" follows the server's
 * page token). Sorting by start time or duration is the server's order_by,
 * through the URL's `order`.
 */
export function TracesTable({ request, initial }: { request: TraceSearchRequest; initial: TraceSearchAnswer }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [traces, setTraces] = useState<TraceSummary[]>(initial.traces ?? []);
  const [pageToken, setPageToken] = useState(initial.next_page_token);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const table = useReactTable({ data: traces, columns: COLUMNS, getCoreRowModel: getCoreRowModel(), getRowId: (trace) => trace.trace_id });
  const order = params.get('order') ?? 'time_desc';

  const sortBy = (columnId: string) => {
    const sortable = SORTABLE[columnId]!;
    const next = new URLSearchParams(params.toString());
    const value = order === sortable.descending ? sortable.ascending : sortable.descending;
    if (value === 'time_desc') next.delete('order');
    else next.set('order', value);
    router.push(`${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
  };
  const loadMore = () =>
    startTransition(async () => {
      setError(undefined);
      try {
        const page = await browserApi<TraceSearchAnswer>('/ajax-api/assay/v1/traces/search', { ...request, page_token: pageToken });
        setTraces((current) => [...current, ...(page.traces ?? [])]);
        setPageToken(page.next_page_token);
      } catch (caught) {
        setError((caught as Error).message);
      }
    });

  return (
    <>
      <div className="scroll">
        <table className="grid" aria-label="Traces">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sortable = SORTABLE[header.column.id];
                  const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric === true;
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  const direction = sortable === undefined ? undefined : order === sortable.descending ? 'descending' : order === sortable.ascending ? 'ascending' : 'none';
                  return (
                    <th key={header.id} className={numeric ? 'num' : undefined} aria-sort={direction}>
                      {sortable === undefined ? (
                        label
                      ) : (
                        <button type="button" onClick={() => sortBy(header.column.id)} aria-label={`Sort by ${String(header.column.columnDef.header)}`}>
                          {label} {direction === 'descending' ? '↓' : direction === 'ascending' ? '↑' : '↕'}
                        </button>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-trace-id={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={(cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric === true ? 'num' : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <span className="muted" aria-live="polite">
          {traces.length} trace{traces.length === 1 ? '' : 's'} shown{pageToken !== undefined ? ', more available' : ''}
        </span>
        {pageToken !== undefined ? (
          <button type="button" onClick={loadMore} disabled={pending}>
            {pending ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
        {error !== undefined ? (
          <span role="alert" className="badge bad">
            {error}
          </span>
        ) : null}
      </div>
    </>
  );
}
