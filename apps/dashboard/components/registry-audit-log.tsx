import Link from 'next/link';
import { api } from '@/lib/assay-api';
import { formatTime, preview } from '@/lib/format';
import type { RegistryEvent } from '@/lib/registry-types';
import styles from '@/app/models/models.module.css';

/** The most events read for one page (the API pages them 1000 at a time). */
const MAX_EVENTS = 10_000;

/** A change's values (`{ stage: 'None' }`) as one line: `stage=None`. */
function valuesText(values: Record<string, unknown> | undefined): string {
  if (values === undefined) return '';
  return preview(
    Object.entries(values)
      .map(([key, value]) => `${key}=${value === null ? '∅' : typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(', '),
    400,
  );
}

/** A registered model's audit log, newest first, optionally one version's (`?tab=audit&version=2`). */
export async function RegistryAuditLog({ name, version }: { name: string; version: string | undefined }) {
  const events: RegistryEvent[] = [];
  let pageToken: string | undefined;
  // The API answers oldest first, a page at a time: read them all (bounded), then show newest first.
  do {
    const page = await api<{ events?: RegistryEvent[]; next_page_token?: string }>('/api/assay/v1/registered-models/events', {
      query: { name, version: version !== undefined && version !== '' ? version : undefined, max_results: 1000, page_token: pageToken },
    });
    events.push(...(page.events ?? []));
    pageToken = page.next_page_token;
  } while (pageToken !== undefined && pageToken !== '' && events.length < MAX_EVENTS);
  events.reverse();
  const base = `/models/${encodeURIComponent(name)}?tab=audit`;
  return (
    <>
      <form className="toolbar" method="get" action={`/models/${encodeURIComponent(name)}`} aria-label="Filter the audit log">
        <input type="hidden" name="tab" value="audit" />
        <label>
          Version{' '}
          <input name="version" aria-label="Filter by version" placeholder="all" defaultValue={version ?? ''} inputMode="numeric" size={6} />
        </label>
        <button type="submit">Filter</button>
        {version ? <Link href={base}>Show every version</Link> : null}
      </form>
      {events.length === 0 ? (
        <p className="empty">{version ? `No change of version ${version} is recorded.` : 'No change is recorded for this model.'}</p>
      ) : (
        <div className="scroll">
        <table className="grid" aria-label="Audit log">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Version</th>
              <th>What</th>
              <th>Before</th>
              <th>After</th>
              <th>Comment</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td className={styles.nowrap}>{formatTime(event.timestamp)}</td>
                <td>{event.actor ? preview(event.actor, 100) : <span className="muted">unknown</span>}</td>
                <td>{event.version !== undefined ? <Link href={`${base}&version=${encodeURIComponent(event.version)}`}>v{event.version}</Link> : <span className="muted">model</span>}</td>
                <td className="mono">{preview(event.action, 100)}</td>
                <td className="mono">{valuesText(event.before)}</td>
                <td className="mono">{valuesText(event.after)}</td>
                <td>{event.comment ? preview(event.comment, 400) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </>
  );
}
