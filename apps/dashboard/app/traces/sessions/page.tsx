import Link from 'next/link';
import { api } from '@/lib/assay-api';
import { formatDuration, formatTime, visibleText } from '@/lib/format';
import { listTraceExperiments, searchedExperimentIds } from '@/lib/traces-experiments';
import { quoteFilterValue } from '@/lib/filter-grammar';
import { readablePreview } from '@/lib/traces-preview';
import type { TraceSearchAnswer, TraceSummary } from '@/lib/traces-types';
import { TraceStatusBadge } from '@/components/traces-table';
import { TracesTabs } from '../traces-tabs';
import styles from '../traces.module.css';

export const metadata = { title: 'Sessions' };

/** How many traces the page reads at most (oldest first, so each session's turns are in order). */
const TRACE_LIMIT = 2000;

async function sessionTraces(experimentIds: string[], session: string | undefined): Promise<{ traces: TraceSummary[]; truncated: boolean }> {
  const filter = session !== undefined && session !== '' ? `trace.session_id = ${quoteFilterValue(session)}` : "trace.session_id LIKE '%'";
  const traces: TraceSummary[] = [];
  let pageToken: string | undefined;
  do {
    const answer = await api<TraceSearchAnswer>('/api/assay/v1/traces/search', {
      body: { experiment_ids: experimentIds, filter, order_by: ['timestamp_ms ASC'], max_results: 500, ...(pageToken !== undefined ? { page_token: pageToken } : {}) },
    });
    traces.push(...(answer.traces ?? []));
    pageToken = answer.next_page_token;
  } while (pageToken !== undefined && traces.length < TRACE_LIMIT);
  return { traces, truncated: pageToken !== undefined };
}

export default async function SessionsPage({ searchParams }: { searchParams: Promise<{ experiment?: string; session?: string }> }) {
  const { experiment, session } = await searchParams;
  const experiments = await listTraceExperiments();
  const experimentIds = searchedExperimentIds(experiments, experiment);
  const { traces, truncated } = experimentIds.length > 0 ? await sessionTraces(experimentIds, session) : { traces: [], truncated: false };
  const sessions = new Map<string, TraceSummary[]>();
  for (const trace of traces) {
    const id = trace.session_id ?? '';
    sessions.set(id, [...(sessions.get(id) ?? []), trace]);
  }
  // The most recently active session first; each one's turns oldest first, as the conversation went.
  const ordered = [...sessions.entries()].sort(([, a], [, b]) => b[b.length - 1]!.request_time - a[a.length - 1]!.request_time);
  return (
    <>
      <h1>Sessions</h1>
      <TracesTabs current="sessions" experiment={experiment} />
      <form method="get" className="toolbar" aria-label="Session filters">
        <label className="row">
          Experiment
          <select name="experiment" aria-label="Experiment" defaultValue={experiment ?? ''}>
            <option value="">All experiments</option>
            {experiments.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
        <input name="session" aria-label="Session id" placeholder="Session id" defaultValue={session ?? ''} />
        <button type="submit">Show</button>
      </form>
      {truncated ? <p className="muted">Showing the sessions of the first {traces.length} traces; choose an experiment or a session to see the rest.</p> : null}
      {ordered.length === 0 ? (
        <div className="empty">
          <h2>No sessions</h2>
          <p>
            A session groups the traces of one conversation. Tag each turn with its session id: <code>updateCurrentTrace({'{'} sessionId: &apos;chat-42&apos; {'}'})</code> from{' '}
            <code>@assay/sdk</code> inside the turn&apos;s span (it sets the <code>mlflow.trace.session</code> metadata), then the turns appear here together.
          </p>
        </div>
      ) : (
        ordered.map(([id, turns]) => (
          <section key={id} className={`card ${styles.session}`} aria-label={`Session ${visibleText(id)}`}>
            <h2>
              Session <span className="mono">{visibleText(id)}</span>{' '}
              <span className="muted">
                · {turns.length} turn{turns.length === 1 ? '' : 's'} · {formatTime(turns[0]!.request_time)}
                {turns[0]!.user_id !== undefined ? ` · ${visibleText(turns[0]!.user_id)}` : ''}
              </span>{' '}
              <Link href={`/traces?session=${encodeURIComponent(id)}${experiment !== undefined && experiment !== '' ? `&experiment=${encodeURIComponent(experiment)}` : ''}`}>as a list</Link>
            </h2>
            <ol className={styles.chat} aria-label={`Turns of session ${visibleText(id)}`}>
              {turns.map((turn) => (
                <li key={turn.trace_id} className={styles.turn}>
                  <div className={`${styles.message} ${styles.role_user}`}>
                    <div className={styles.role}>request</div>
                    <pre className={styles.content}>{readablePreview(turn.request_preview, 1000)}</pre>
                  </div>
                  <div className={`${styles.message} ${styles.role_assistant}`}>
                    <div className={styles.role}>
                      response · <TraceStatusBadge state={turn.state} /> · {formatDuration(turn.execution_duration_ms)} ·{' '}
                      <Link href={`/traces/${encodeURIComponent(turn.trace_id)}`} aria-label={`Trace of turn ${formatTime(turn.request_time)}`}>
                        trace
                      </Link>
                    </div>
                    <pre className={styles.content}>{readablePreview(turn.response_preview, 1000)}</pre>
                  </div>
                </li>
              ))}
            </ol>
          </section>
        ))
      )}
    </>
  );
}
