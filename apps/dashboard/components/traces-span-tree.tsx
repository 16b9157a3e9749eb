'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { browserApi } from '@/lib/browser-api';
import { formatDuration, visibleText } from '@/lib/format';
import { buildSpanTree, visibleSpanRows } from '@/lib/traces-span-tree';
import type { SpanSummary } from '@/lib/traces-types';
import { SpanDetailPanel } from './traces-span-detail';
import styles from '@/app/traces/traces.module.css';

const ROW_HEIGHT = 28;

/**
 * A trace's spans: the tree and its waterfall in the same virtualised rows (so
 * a 10,000-span trace renders a screenful of rows and the bars stay beside
 * their spans), and the selected span's detail. The selection is the URL's
 * `span`; ↑/↓ move it, ←/→ collapse and expand, Home/End jump, Enter selects.
 */
export function SpanTreeView({ traceId }: { traceId: string }) {
  const [spans, setSpans] = useState<SpanSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    browserApi<{ spans: SpanSummary[] }>(`/ajax-api/assay/v1/traces/${encodeURIComponent(traceId)}/spans`).then(
      (answer) => setSpans(answer.spans),
      (caught: unknown) => setError((caught as Error).message),
    );
  }, [traceId]);
  if (error !== undefined) return <p className="error-box" role="alert">{error}</p>;
  if (spans === undefined) return <p className="muted" aria-busy="true">Loading spans…</p>;
  if (spans.length === 0) return <p className="empty">This trace has no spans yet (it may still be in progress).</p>;
  return <LoadedSpanTree traceId={traceId} spans={spans} />;
}

function LoadedSpanTree({ traceId, spans }: { traceId: string; spans: SpanSummary[] }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const tree = useMemo(() => buildSpanTree(spans), [spans]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => visibleSpanRows(tree, collapsed), [tree, collapsed]);
  // The selection is state first (a key pressed right after a click must see it) and mirrored to the URL;
  // only this component changes the URL's `span` (replaceState adds no history entry), so the two stay equal.
  const [chosen, setChosen] = useState(() => params.get('span'));
  const selectedId = chosen !== null && tree.nodes.has(chosen) ? chosen : tree.roots[0]!.span.span_id;
  const selectedIndex = rows.findIndex((row) => row.node.span.span_id === selectedId);

  const scrollElement = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollElement.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  /** The selection goes to the URL without a server round trip (Next.js keeps useSearchParams in step with history.replaceState). */
  const select = useCallback(
    (spanId: string) => {
      setChosen(spanId);
      const next = new URLSearchParams(params.toString());
      next.set('span', spanId);
      window.history.replaceState(null, '', `${pathname}?${next.toString()}`);
    },
    [params, pathname],
  );

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const setExpanded = (spanId: string, expanded: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (expanded) next.delete(spanId);
      else next.add(spanId);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = Math.max(selectedIndex, 0);
    const row = rows[index];
    if (row === undefined) return;
    const id = row.node.span.span_id;
    const hasChildren = row.node.children.length > 0;
    let target: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        target = Math.min(index + 1, rows.length - 1);
        break;
      case 'ArrowUp':
        target = Math.max(index - 1, 0);
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = rows.length - 1;
        break;
      case 'PageDown':
        target = Math.min(index + 20, rows.length - 1);
        break;
      case 'PageUp':
        target = Math.max(index - 20, 0);
        break;
      case 'ArrowRight':
        if (hasChildren && collapsed.has(id)) setExpanded(id, true);
        else if (hasChildren) target = index + 1;
        break;
      case 'ArrowLeft':
        if (hasChildren && !collapsed.has(id)) setExpanded(id, false);
        else if (row.node.parentIndex !== undefined) target = rows.findIndex((candidate) => candidate.node === tree.ordered[row.node.parentIndex!]);
        break;
      case 'Enter':
      case ' ':
        target = index;
        break;
      default:
        return;
    }
    event.preventDefault();
    const targetRow = target === undefined ? undefined : rows[target];
    if (targetRow !== undefined) select(targetRow.node.span.span_id);
  };

  return (
    <div className={styles.traceSplit}>
      <div className={styles.treePanel}>
        <div className={styles.treeHeader} aria-hidden="true">
          <span>Span</span>
          <span>
            Timeline <span className="muted">(0 – {formatDuration(tree.totalMs)})</span>
          </span>
        </div>
        <div
          ref={scrollElement}
          className={styles.treeScroll}
          role="tree"
          aria-label="Span tree"
          tabIndex={0}
          aria-activedescendant={selectedIndex >= 0 ? `span-row-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
          data-span-count={spans.length}
          style={{ height: rows.length * ROW_HEIGHT + 2 }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              const { span } = row.node;
              const hasChildren = row.node.children.length > 0;
              const expanded = hasChildren ? !collapsed.has(span.span_id) : undefined;
              const left = tree.totalMs > 0 ? (row.node.offsetMs / tree.totalMs) * 100 : 0;
              const width = tree.totalMs > 0 ? Math.max(((row.node.durationMs ?? tree.totalMs - row.node.offsetMs) / tree.totalMs) * 100, 0.3) : 100;
              const selected = span.span_id === selectedId;
              return (
                <div
                  key={span.span_id}
                  id={`span-row-${span.span_id}`}
                  role="treeitem"
                  aria-selected={selected}
                  aria-level={row.depth + 1}
                  aria-expanded={expanded}
                  aria-label={`${span.name} (${span.span_type}, ${formatDuration(span.duration_ms)})`}
                  data-span-id={span.span_id}
                  className={`${styles.treeRow} ${selected ? styles.selected : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => select(span.span_id)}
                >
                  <div className={styles.treeName} style={{ paddingLeft: Math.min(row.depth, 24) * 14 + 4 }}>
                    {hasChildren ? (
                      <button
                        type="button"
                        tabIndex={-1}
                        className={styles.twisty}
                        aria-label={expanded ? `Collapse ${span.name}` : `Expand ${span.name}`}
                        onClick={(event) => {
                          event.stopPropagation();
                          setExpanded(span.span_id, !expanded);
                        }}
                      >
                        {expanded ? '▾' : '▸'}
                      </button>
                    ) : (
                      <span className={styles.twisty} />
                    )}
                    <span className={`${styles.spanType} badge`}>{span.span_type}</span>
                    <span className={span.status.code === 'ERROR' ? styles.errorName : undefined}>{visibleText(span.name)}</span>
                  </div>
                  <div className={styles.waterfall}>
                    <div className={`${styles.bar} ${span.status.code === 'ERROR' ? styles.barError : ''}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
                    <span className={styles.barLabel}>{formatDuration(span.duration_ms)}</span>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
        <p className="muted">
          {spans.length} span{spans.length === 1 ? '' : 's'} · ↑/↓ move, ←/→ collapse or expand, Home/End jump
        </p>
      </div>
      <div className={styles.detailPanel}>
        <SpanDetailPanel traceId={traceId} spanId={selectedId} />
      </div>
    </div>
  );
}
