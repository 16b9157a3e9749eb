'use client';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browserApi } from '@/lib/browser-api';
import { formatDuration, formatNumber, formatTime, preview } from '@/lib/format';
import type { MlflowRun } from '@/lib/mlflow-types';
import { formatColumns, keysOf, parentRunId, parseColumns, parseOrder, runUser, runValue, RUNS_PAGE_SIZE, type RunKeys, type RunValueColumn } from '@/lib/runs-columns';
import { RunStatusBadge } from './run-status-badge';
import { RunsColumnPicker } from './runs-column-picker';
import styles from './runs-table.module.css';

/** Options of {@link RunsTable}. */
export interface RunsTableProps {
  experimentId: string;
  filter: string;
  orderBy: string[];
  /** The first page, rendered by the server. */
  initialRuns: MlflowRun[];
  initialPageToken: string | undefined;
  /** The picked columns when the URL names none (the server's defaults). */
  columns: RunValueColumn[];
  keys: RunKeys;
  emptyMessage: string;
}

/** A run and the child runs found among the loaded ones. */
interface RunTreeNode {
  run: MlflowRun;
  children: RunTreeNode[];
}

/** A line of the table: a run at its depth (0 at the top, 1 under an expanded parent, ...). */
interface RunRow {
  run: MlflowRun;
  children: RunTreeNode[];
  depth: number;
}

const ROW_HEIGHT = 33;
/** Start loading the next page when this many rows remain below the viewport. */
const LOAD_AHEAD = 60;

function listParam(params: URLSearchParams, name: string): string[] {
  const value = params.get(name);
  return value === null || value === '' ? [] : value.split(',').map((part) => decodeURIComponent(part));
}

/** Nests child runs under their parent when the parent is loaded too; others stay at the top level. */
function nestRuns(runs: readonly MlflowRun[]): RunTreeNode[] {
  const rows = new Map(runs.map((run) => [run.info.run_id, { run, children: [] as RunTreeNode[] }]));
  const top: RunTreeNode[] = [];
  for (const row of rows.values()) {
    const parent = parentRunId(row.run);
    const parentRow = parent !== undefined && parent !== row.run.info.run_id ? rows.get(parent) : undefined;
    if (parentRow) parentRow.children.push(row);
    else top.push(row);
  }
  return top;
}

/** The table's lines: the top-level runs, each expanded parent followed by its children. */
function flattenRuns(nodes: readonly RunTreeNode[], expanded: ReadonlySet<string>, depth = 0, into: RunRow[] = []): RunRow[] {
  for (const node of nodes) {
    into.push({ run: node.run, children: node.children, depth });
    if (node.children.length > 0 && expanded.has(node.run.info.run_id)) flattenRuns(node.children, expanded, depth + 1, into);
  }
  return into;
}

/**
 * The runs of an experiment: a headless table (@tanstack/react-table) drawn by a virtualiser, so only the
 * rows in view are in the DOM; later pages are fetched from runs/search as the user scrolls. Sort and filter
 * are the server's (the URL's `order` and `filter`); picked columns, expanded parents and the selection are
 * in the URL too, changed without a server round trip.
 */
export function RunsTable({ experimentId, filter, orderBy, initialRuns, initialPageToken, columns: defaultColumnList, keys, emptyMessage }: RunsTableProps) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [runs, setRuns] = useState(initialRuns);
  const [pageToken, setPageToken] = useState(initialPageToken);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  // The picker's keys: the server's sample, and those of every page loaded since.
  const [knownKeys, setKnownKeys] = useState(keys);
  const scrollElement = useRef<HTMLDivElement>(null);

  // Local copies of the URL's state, so a control answers at once; each change also goes into the URL.
  const [columns, setColumns] = useState(() => parseColumns(params.get('columns')) ?? defaultColumnList);
  const [expandedIds, setExpandedIds] = useState(() => listParam(params, 'expanded'));
  const [selectedIds, setSelectedIds] = useState(() => listParam(params, 'selected'));
  const order = parseOrder(params.get('order') ?? undefined);

  /** Page state that needs no server data goes into the URL with history.replaceState (Next keeps useSearchParams in step). */
  const replaceParam = useCallback(
    (name: string, value: string | undefined) => {
      const next = new URLSearchParams(window.location.search);
      if (value === undefined) next.delete(name);
      else next.set(name, value);
      window.history.replaceState(null, '', `${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
    },
    [pathname],
  );
  const setList = useCallback(
    (name: 'selected' | 'expanded', values: string[]) => {
      (name === 'selected' ? setSelectedIds : setExpandedIds)(values);
      replaceParam(name, values.length === 0 ? undefined : values.map((value) => encodeURIComponent(value)).join(','));
    },
    [replaceParam],
  );

  const sortBy = (column: string) => {
    const next = new URLSearchParams(params.toString());
    const descending = order?.clause === column ? !order.descending : true;
    next.set('order', `${column} ${descending ? 'DESC' : 'ASC'}`);
    router.push(`${pathname}?${next.toString()}`);
  };

  const loadMore = useCallback(async () => {
    if (pageToken === undefined || loading) return;
    setLoading(true);
    setLoadError(undefined);
    try {
      const page = await browserApi<{ runs?: MlflowRun[]; next_page_token?: string }>('/ajax-api/2.0/mlflow/runs/search', {
        experiment_ids: [experimentId],
        max_results: RUNS_PAGE_SIZE,
        order_by: orderBy,
        page_token: pageToken,
        ...(filter !== '' ? { filter } : {}),
      });
      setRuns((previous) => [...previous, ...(page.runs ?? [])]);
      setKnownKeys((previous) => keysOf(page.runs ?? [], previous));
      setPageToken(page.next_page_token);
    } catch (error) {
      setLoadError((error as Error).message);
    } finally {
      setLoading(false);
    }
  }, [experimentId, filter, orderBy, pageToken, loading]);

  const tree = useMemo(() => nestRuns(runs), [runs]);
  const expanded = useMemo(() => new Set(expandedIds), [expandedIds]);
  const lines = useMemo(() => flattenRuns(tree, expanded), [tree, expanded]);
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);

  const columnDefinitions = useMemo<ColumnDef<RunRow>[]>(() => {
    const sortable = (id: string, label: string) => {
      const active = order?.clause === id;
      return (
        <button
          type="button"
          className={styles.sort}
          onClick={() => sortBy(id)}
          aria-label={`Sort by ${label}${active ? (order.descending ? ', now descending' : ', now ascending') : ''}`}
        >
          {label}
          {active ? (order.descending ? ' ▼' : ' ▲') : ''}
        </button>
      );
    };
    return [
      {
        id: 'select',
        header: () => <span className="muted">Select</span>,
        cell: ({ row }) => {
          const id = row.original.run.info.run_id;
          return (
            <input
              type="checkbox"
              aria-label={`Select run ${row.original.run.info.run_name ?? id}`}
              checked={selected.has(id)}
              onChange={(event) => setList('selected', event.target.checked ? [...selectedIds, id] : selectedIds.filter((other) => other !== id))}
            />
          );
        },
      },
      {
        id: 'run_name',
        header: () => sortable('run_name', 'Run'),
        cell: ({ row }) => {
          const { run } = row.original;
          const name = preview(run.info.run_name ?? run.info.run_id, 80);
          const isExpanded = expanded.has(run.info.run_id);
          return (
            <span className={styles.name} style={{ paddingLeft: `${row.original.depth * 20}px` }}>
              {row.original.children.length > 0 ? (
                <button
                  type="button"
                  className={styles.toggle}
                  aria-expanded={isExpanded}
                  aria-label={`${isExpanded ? 'Collapse' : 'Expand'} child runs of ${name}`}
                  onClick={() => {
                    const id = run.info.run_id;
                    setList('expanded', isExpanded ? expandedIds.filter((other) => other !== id) : [...expandedIds, id]);
                  }}
                >
                  {isExpanded ? '▾' : '▸'} {row.original.children.length}
                </button>
              ) : (
                <span className={styles.togglePlaceholder} />
              )}
              <Link href={`/runs/${encodeURIComponent(run.info.run_id)}`}>{name}</Link>
            </span>
          );
        },
      },
      { id: 'status', header: () => sortable('status', 'Status'), cell: ({ row }) => <RunStatusBadge status={row.original.run.info.status} /> },
      { id: 'start_time', header: () => sortable('start_time', 'Started'), cell: ({ row }) => formatTime(row.original.run.info.start_time) },
      {
        id: 'duration',
        header: 'Duration',
        cell: ({ row }) => {
          const { start_time: start, end_time: end } = row.original.run.info;
          return start !== undefined && end !== undefined && end > 0 ? formatDuration(end - start) : '—';
        },
      },
      { id: 'user', header: 'User', cell: ({ row }) => preview(runUser(row.original.run) ?? '', 40) },
      ...columns.map(
        (column): ColumnDef<RunRow> => ({
          id: column,
          header: () => sortable(column, column),
          cell: ({ row }) => {
            const value = runValue(row.original.run, column);
            return typeof value === 'number' ? formatNumber(value) : preview(value ?? '', 60);
          },
          meta: { numeric: column.startsWith('metrics.') },
        }),
      ),
    ];
    // sortBy reads the URL through params, which is a dependency already.
  }, [columns, order?.clause, order?.descending, selected, selectedIds, expanded, expandedIds, setList, params]);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollElement.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  // The table model is built for the lines in view only: with 10,000 runs loaded, a model of every line
  // (row objects and their methods) rebuilt on each page load made a long task of each load.
  const visibleLines = useMemo(() => items.map((item) => lines[item.index]!), [items, lines]);
  const table = useReactTable({
    data: visibleLines,
    columns: columnDefinitions,
    getRowId: (row) => row.run.info.run_id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
  });
  const rows = table.getRowModel().rows;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= lines.length - LOAD_AHEAD && pageToken !== undefined && !loading && loadError === undefined) void loadMore();
  }, [lastIndex, lines.length, pageToken, loading, loadError, loadMore]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;
  const columnCount = columnDefinitions.length;

  return (
    <>
      <div className="toolbar">
        <RunsColumnPicker keys={knownKeys} columns={columns} onChange={(next) => {
            setColumns(next);
            replaceParam('columns', formatColumns(next));
          }} />
        <button
          type="button"
          className="primary"
          disabled={selectedIds.length < 2}
          onClick={() => router.push(`/compare?runs=${selectedIds.map((id) => encodeURIComponent(id)).join(',')}`)}
        >
          Compare{selectedIds.length > 0 ? ` (${selectedIds.length})` : ''}
        </button>
        {selectedIds.length > 0 ? (
          <button type="button" onClick={() => setList('selected', [])}>
            Clear selection
          </button>
        ) : null}
        <span className="muted" aria-live="polite">
          {runs.length} {runs.length === 1 ? 'run' : 'runs'} loaded{pageToken !== undefined ? ', more as you scroll' : ''}
          {loading ? ' · loading…' : ''}
        </span>
      </div>
      {loadError ? (
        <div role="alert" className="error-box">
          Could not load more runs: {loadError}{' '}
          <button type="button" onClick={() => setLoadError(undefined)}>
            Retry
          </button>
        </div>
      ) : null}
      {runs.length === 0 ? (
        <p className="empty">{emptyMessage}</p>
      ) : (
        <div ref={scrollElement} className={styles.scroller} data-testid="runs-scroller">
          <table className="grid" aria-label="Runs" aria-rowcount={lines.length + 1}>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <th key={header.id} className={(header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric ? 'num' : undefined}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {paddingTop > 0 ? (
                <tr aria-hidden="true">
                  <td colSpan={columnCount} style={{ height: paddingTop, padding: 0, border: 0 }} />
                </tr>
              ) : null}
              {items.map((item, position) => {
                const row = rows[position]!;
                return (
                  <tr key={row.id} data-index={item.index} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={(cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric ? 'num' : undefined} data-column={cell.column.id}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                );
              })}
              {paddingBottom > 0 ? (
                <tr aria-hidden="true">
                  <td colSpan={columnCount} style={{ height: paddingBottom, padding: 0, border: 0 }} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
