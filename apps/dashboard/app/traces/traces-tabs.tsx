import Link from 'next/link';

/** Traces | Sessions, keeping the chosen experiment. */
export function TracesTabs({ current, experiment }: { current: 'traces' | 'sessions'; experiment?: string }) {
  const query = experiment !== undefined && experiment !== '' ? `?experiment=${encodeURIComponent(experiment)}` : '';
  return (
    <nav className="tabs" aria-label="Traces views">
      <Link href={`/traces${query}`} aria-current={current === 'traces' ? 'page' : undefined}>
        Traces
      </Link>
      <Link href={`/traces/sessions${query}`} aria-current={current === 'sessions' ? 'page' : undefined}>
        Sessions
      </Link>
    </nav>
  );
}
