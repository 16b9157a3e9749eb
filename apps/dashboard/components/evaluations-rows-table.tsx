'use client';
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useMemo, useRef } from 'react';
import { formatNumber, preview, visibleText } from '@/lib/format';
import { failureOf, type EvaluationRow, type FailingMode } from '@/lib/evaluations-types';
import { useHydrated } from '@/lib/evaluations-use-hydrated';
import { useUrlState } from '@/lib/evaluations-url-state';
import styles from './evaluations-rows-table.module.css';

/** Characters of a cell shown before "More". */
const CELL_PREVIEW = 120;

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** A cell of LLM text: a one-line preview, or the whole text when its row is open. */
function TextCell({ value, open }: { value: unknown; open: boolean }) {
  const text = textOf(value);
  if (text === '') return <span className="muted">—</span>;
  if (open) return <pre className={styles.full}>{visibleText(text)}</pre>;
  return <span className="preview">{preview(text, CELL_PREVIEW)}</span>;
}

const FAILING_LABELS: Record<FailingMode, string> = {
  errors: 'rows whose model call or a metric failed',
  zero: 'rows whose model call or a metric failed, or that scored 0 on an exact-match-like metric',
};

/**
 * An evaluation's rows, sortable by any column, with a "failing rows only"
 * filter, virtualised so that 10,000+ rows scroll smoothly. Sort, filter
 * and the open row are in the URL (`sort`, `desc`, `failing`, `open`).
 */
export function EvaluationRowsTable({ rows, columns: metricColumns }: { rows: EvaluationRow[]; columns: string[] }) {
  const [params, setParams] = useUrlState();
  const hydrated = useHydrated();
  const failingParam = params.get('failing');
  const failing: FailingMode | undefined = failingParam === 'errors' || failingParam === 'zero' ? failingParam : undefined;
  const openRow = params.get('open');
  const sortParam = params.get('sort');
  const descending = params.get('desc') === '1';
  // A stable array: react-table recomputes its sorted rows (and resets paging state) whenever this changes identity.
  const sorting = useMemo<SortingState>(() => (sortParam ? [{ id: sortParam, desc: descending }] : []), [sortParam, descending]);

  const data = useMemo(() => (failing ? rows.filter((row) => failureOf(row, failing) !== undefined) : rows), [rows, failing]);

  const columns = useMemo<ColumnDef<EvaluationRow>[]>(() => {
    const isOpen = (row: EvaluationRow) => openRow === String(row.row_index);
    return [
      { id: 'row', header: 'Row', accessorFn: (row) => row.row_index, cell: (context) => context.row.original.row_index, meta: { numeric: true } },
      { id: 'inputs', header: 'Inputs', accessorFn: (row) => textOf(Object.keys(row.inputs).length === 1 ? Object.values(row.inputs)[0] : row.inputs), cell: (context) => <TextCell value={context.getValue()} open={isOpen(context.row.original)} /> },
      { id: 'output', header: 'Output', accessorFn: (row) => textOf(row.output), cell: (context) => <TextCell value={context.row.original.output} open={isOpen(context.row.original)} /> },
      { id: 'targets', header: 'Targets', accessorFn: (row) => textOf(row.targets), cell: (context) => <TextCell value={context.row.original.targets} open={isOpen(context.row.original)} /> },
      ...metricColumns.map(
        (column): ColumnDef<EvaluationRow> => ({
          id: `metric:${column}`,
          header: column,
          // Missing scores sort last whichever the direction.
          accessorFn: (row) => row.metrics[column] ?? undefined,
          sortUndefined: 'last',
          cell: (context) => formatNumber(context.row.original.metrics[column]),
          meta: { numeric: true },
        }),
      ),
      { id: 'latency_ms', header: 'Latency (ms)', accessorFn: (row) => row.latency_ms, sortUndefined: 'last', cell: (context) => formatNumber(context.row.original.latency_ms), meta: { numeric: true } },
      {
        id: 'error',
        header: 'Error',
        accessorFn: (row) => row.error ?? '',
        cell: (context) => (context.row.original.error ? <span className="badge bad">{preview(context.row.original.error, 80)}</span> : null),
      },
      {
        id: 'trace',
        header: 'Trace',
        enableSorting: false,
        cell: (context) =>
          context.row.original.trace_id ? (
            <Link href={`/traces/${encodeURIComponent(context.row.original.trace_id)}`} aria-label={`Trace of row ${context.row.original.row_index}`}>
              trace
            </Link>
          ) : null,
      },
    ];
  }, [metricColumns, openRow]);

  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const [first] = next;
      setParams({ sort: first?.id, desc: first?.desc ? '1' : undefined });
    },
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (row) => String(row.row_index),
    // No pagination here; resetting its state on every sort would re-render for nothing.
    autoResetPageIndex: false,
  });
  const tableRows = table.getRowModel().rows;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 36,
    overscan: 15,
    // Rendered on the server before any measurement: a first screen of rows.
    initialRect: { width: 1200, height: 640 },
    // flushSync from a scroll handler inside React 19's transitions held navigations back; plain state updates suffice.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columnCount = columns.length + 1;

  return (
    <>
      <div className="toolbar" data-hydrated={hydrated}>
        <label className="row">
          <input type="checkbox" checked={failing !== undefined} onChange={(event) => setParams({ failing: event.target.checked ? 'errors' : undefined, open: undefined })} />
          Failing rows only
        </label>
        {failing ? (
          <label className="row">
            <span>Failing means</span>
            <select aria-label="What counts as failing" value={failing} onChange={(event) => setParams({ failing: event.target.value })}>
              <option value="errors">an error</option>
              <option value="zero">an error, or 0 on an exact-match-like metric</option>
            </select>
          </label>
        ) : null}
        <span className="muted" role="status">
          {failing ? `${data.length} of ${rows.length} rows failing: ${FAILING_LABELS[failing]}.` : `${rows.length} rows.`} Thresholds&apos; bounds are not stored with the run, so a score
          below a bound is not counted.
        </span>
      </div>
      {data.length === 0 ? (
        <p className="empty">No failing rows: every model call and every metric succeeded{failing === 'zero' ? ', and no exact-match-like score is 0' : ''}.</p>
      ) : (
        <div ref={scroller} className={styles.scroller}>
          <table className="grid" aria-label="Evaluation rows" aria-rowcount={tableRows.length + 1}>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const label = String(header.column.columnDef.header);
                    const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                    return (
                      <th key={header.id} className={numeric ? 'num' : undefined} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                        {header.column.getCanSort() ? (
                          <button type="button" className={styles.sort} aria-label={`Sort by ${label}`} onClick={header.column.getToggleSortingHandler()}>
                            {flexRender(header.column.columnDef.header, header.getContext())}
                            {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                          </button>
                        ) : (
                          flexRender(header.column.columnDef.header, header.getContext())
                        )}
                      </th>
                    );
                  })}
                  <th>
                    <span className="muted">Full text</span>
                  </th>
                </tr>
              ))}
            </thead>
            <tbody>
              {before > 0 ? (
                <tr aria-hidden="true">
                  <td colSpan={columnCount} style={{ height: before, padding: 0 }} />
                </tr>
              ) : null}
              {items.map((item) => {
                const row = tableRows[item.index]!;
                const open = openRow === row.id;
                return (
                  <tr key={row.id} data-index={item.index} ref={virtualizer.measureElement} data-row-index={row.id} aria-rowindex={item.index + 2}>
                    {row.getVisibleCells().map((cell) => {
                      const numeric = (cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                      return (
                        <td key={cell.id} className={numeric ? 'num' : undefined} data-column={cell.column.id}>
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </td>
                      );
                    })}
                    <td>
                      <button type="button" aria-expanded={open} aria-label={`${open ? 'Less' : 'More'} of row ${row.id}`} onClick={() => setParams({ open: open ? undefined : row.id })}>
                        {open ? 'Less' : 'More'}
                      </button>
                    </td>
                  </tr>
                );
              })}
              {after > 0 ? (
                <tr aria-hidden="true">
                  <td colSpan={columnCount} style={{ height: after, padding: 0 }} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
      {failing && data.length > 0 ? (
        <ul aria-label="Why the rows fail" className="muted">
          {data.slice(0, 50).map((row) => (
            <li key={row.row_index}>
              Row {row.row_index}: {preview(failureOf(row, failing), 200)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
