'use client';
import { useEffect, useState } from 'react';
import { browserApi } from '@/lib/browser-api';
import { formatCost, formatDuration, preview, visibleText } from '@/lib/format';
import { chatMessagesOf } from '@/lib/traces-messages';
import type { SpanDetail, SpanEvent } from '@/lib/traces-types';
import { ChatView } from './traces-chat-view';
import { JsonView } from './traces-json-view';
import styles from '@/app/traces/traces.module.css';

/** Inputs or outputs: a conversation when they hold chat messages, else a JSON tree (a plain string as text). */
function Payload({ title, value }: { title: string; value: unknown }) {
  if (value === undefined) return null;
  const messages = chatMessagesOf(value);
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {messages !== undefined ? (
        <ChatView messages={messages} label={`${title} conversation`} />
      ) : typeof value === 'string' ? (
        <pre className="card">{visibleText(value)}</pre>
      ) : (
        <div className="card">
          <JsonView value={value} />
        </div>
      )}
    </section>
  );
}

function attributeText(value: unknown): string {
  return typeof value === 'string' ? visibleText(value) : visibleText(JSON.stringify(value));
}

function Events({ events }: { events: SpanEvent[] }) {
  if (events.length === 0) return null;
  return (
    <section aria-label="Events">
      <h3>Events</h3>
      {events.map((event, index) =>
        event.name === 'exception' ? (
          <div key={index} className="error-box" role="group" aria-label="Exception">
            <strong>{visibleText(String(event.attributes['exception.type'] ?? 'Exception'))}</strong>: {visibleText(String(event.attributes['exception.message'] ?? ''))}
            {event.attributes['exception.stacktrace'] !== undefined ? (
              <details>
                <summary>Stack trace</summary>
                <pre className="mono">{visibleText(String(event.attributes['exception.stacktrace']))}</pre>
              </details>
            ) : null}
          </div>
        ) : (
          <details key={index} className="card">
            <summary>{visibleText(event.name)}</summary>
            <JsonView value={event.attributes} />
          </details>
        ),
      )}
    </section>
  );
}

/** The selected span, loaded when it is selected (the tree holds no payloads). */
export function SpanDetailPanel({ traceId, spanId }: { traceId: string; spanId: string }) {
  const [loaded, setLoaded] = useState<{ spanId: string; span?: SpanDetail; error?: string }>();
  useEffect(() => {
    let current = true;
    // Holding ↓ in a long tree passes many spans: load the one the selection rests on, not each one passed.
    const timer = setTimeout(() => {
      browserApi<{ span: SpanDetail }>(`/ajax-api/assay/v1/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`).then(
        ({ span }) => current && setLoaded({ spanId, span }),
        (error: unknown) => current && setLoaded({ spanId, error: (error as Error).message }),
      );
    }, 100);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [traceId, spanId]);

  if (loaded === undefined || loaded.spanId !== spanId) return <p className="muted" aria-busy="true">Loading span…</p>;
  if (loaded.error !== undefined) return <p className="error-box" role="alert">{loaded.error}</p>;
  const span = loaded.span!;
  const attributes = Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <article className={styles.detail} aria-label="Span detail">
      <h2>
        {visibleText(span.name)} <span className="badge">{span.span_type}</span>{' '}
        <span className={`badge ${span.status.code === 'ERROR' ? 'bad' : span.status.code === 'OK' ? 'ok' : ''}`}>{span.status.code}</span>
      </h2>
      <dl className="kv">
        <dt>Span id</dt>
        <dd className="mono">{span.span_id}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(span.duration_ms)}</dd>
        {span.model !== undefined ? (
          <>
            <dt>Model</dt>
            <dd className="mono">{visibleText(span.model)}</dd>
          </>
        ) : null}
        {span.token_usage !== undefined ? (
          <>
            <dt>Tokens</dt>
            <dd>
              {span.token_usage.input_tokens} in · {span.token_usage.output_tokens} out · {span.token_usage.total_tokens} total
            </dd>
          </>
        ) : null}
        {span.cost !== undefined ? (
          <>
            <dt>Cost</dt>
            <dd>{formatCost(span.cost.total_cost)}</dd>
          </>
        ) : null}
        {span.status.message !== undefined ? (
          <>
            <dt>Status message</dt>
            <dd>{visibleText(span.status.message)}</dd>
          </>
        ) : null}
      </dl>
      <Payload title="Inputs" value={span.inputs} />
      <Payload title="Outputs" value={span.outputs} />
      <Events events={span.events} />
      <details>
        <summary>Attributes ({attributes.length})</summary>
        <table className="grid" aria-label="Span attributes">
          <thead>
            <tr>
              <th>Key</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {attributes.map(([key, value]) => (
              <tr key={key}>
                <td className="mono">{visibleText(key)}</td>
                <td className="mono" title={preview(value, 2000)}>
                  {attributeText(value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </article>
  );
}
