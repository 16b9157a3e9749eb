'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useRef, type FormEvent } from 'react';
import { SPAN_TYPE_CHOICES, TIME_WINDOWS, TRACE_FILTER_PARAMS, TRACE_ORDERS } from '@/lib/traces-filter';

/** The text fields of the filter form: URL parameter, label, placeholder. */
const TEXT_FIELDS = [
  { param: 'q', label: 'Text in requests or responses', placeholder: 'contains…' },
  { param: 'model', label: 'Model', placeholder: 'gpt-4o' },
  { param: 'tag', label: 'Tag', placeholder: 'key=value' },
  { param: 'session', label: 'Session', placeholder: 'session id' },
  { param: 'user', label: 'User', placeholder: 'user id' },
  { param: 'prompt', label: 'Prompt version', placeholder: 'name@version' },
] as const;

type Values = Record<string, string>;

/**
 * A `datetime-local` input holds the viewer's local time; the URL holds the
 * instant (ISO, UTC), so the server, whatever its time zone, filters on what
 * the viewer meant and a shared link means the same moment.
 */
function isoTime(local: string): string {
  const milliseconds = Date.parse(local);
  return Number.isFinite(milliseconds) ? new Date(milliseconds).toISOString() : local;
}

/** The URL's instant as the viewer's local `datetime-local` value. */
function localTimeInput(iso: string): string {
  const milliseconds = Date.parse(iso);
  if (iso === '' || !Number.isFinite(milliseconds)) return iso;
  const date = new Date(milliseconds);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The traces list's filters. Choosers apply at once; text fields when the form
 * is submitted (Enter or Apply). Everything goes to the URL, which the page reads.
 * The inputs are uncontrolled and named: what is typed before the page's script
 * runs is kept, and without script the form still submits the same parameters.
 */
export function TracesFilters({ experiments, filterError }: { experiments: Array<{ id: string; name: string }>; filterError?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const form = useRef<HTMLFormElement>(null);
  const initial = (param: string) => params.get(param) ?? '';

  /** The form's values, as the URL's parameters (empty ones left out; times as instants). */
  const navigate = (changes: Values = {}) => {
    const values: Values = { ...Object.fromEntries([...new FormData(form.current!).entries()].map(([param, value]) => [param, String(value)])), ...changes };
    const search = new URLSearchParams();
    for (const [param, value] of Object.entries(values)) {
      if (value.trim() === '' || (param === 'order' && value === 'time_desc')) continue;
      search.set(param, param === 'from' || param === 'to' ? isoTime(value) : value.trim());
    }
    router.push(`${pathname}${search.size > 0 ? `?${search.toString()}` : ''}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate();
  };
  /** A chooser applies at once; a time window replaces a from/to range. */
  const choose = (param: string, value: string) => navigate(param === 'since' && value !== '' ? { from: '', to: '' } : {});
  const clear = () => navigate(Object.fromEntries(TRACE_FILTER_PARAMS.map((param) => [param, ''])));

  return (
    <form ref={form} method="get" action={pathname} onSubmit={submit} aria-label="Trace filters" className="card">
      <div className="toolbar">
        <label className="row">
          Experiment
          <select name="experiment" aria-label="Experiment" defaultValue={initial('experiment')} onChange={(event) => choose('experiment', event.target.value)}>
            <option value="">All experiments</option>
            {experiments.map((experiment) => (
              <option key={experiment.id} value={experiment.id}>
                {experiment.name}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          Status
          <select name="status" aria-label="Status" defaultValue={initial('status')} onChange={(event) => choose('status', event.target.value)}>
            <option value="">Any</option>
            <option value="OK">OK</option>
            <option value="ERROR">ERROR</option>
          </select>
        </label>
        <label className="row">
          Started
          <select name="since" aria-label="Started" defaultValue={initial('since')} onChange={(event) => choose('since', event.target.value)}>
            <option value="">Any time</option>
            {Object.entries(TIME_WINDOWS).map(([key, window]) => (
              <option key={key} value={key}>
                {window.label}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          Span type
          <select name="span_type" aria-label="Span type" defaultValue={initial('span_type')} onChange={(event) => choose('span_type', event.target.value)}>
            <option value="">Any</option>
            {SPAN_TYPE_CHOICES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          Order
          <select name="order" aria-label="Order" defaultValue={initial('order') === '' ? 'time_desc' : initial('order')} onChange={(event) => choose('order', event.target.value)}>
            {Object.entries(TRACE_ORDERS).map(([key, order]) => (
              <option key={key} value={key}>
                {order.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="toolbar">
        {TEXT_FIELDS.map((field) => (
          <input key={field.param} name={field.param} aria-label={field.label} title={field.label} placeholder={`${field.label}: ${field.placeholder}`} defaultValue={initial(field.param)} />
        ))}
        <input name="min_ms" type="number" min={0} aria-label="Minimum duration (ms)" placeholder="Min duration (ms)" defaultValue={initial('min_ms')} />
        <label className="row">
          From
          {/* The server renders the time in its zone, the browser in the viewer's. */}
          <input name="from" type="datetime-local" aria-label="Started from" defaultValue={localTimeInput(initial('from'))} suppressHydrationWarning />
        </label>
        <label className="row">
          To
          <input name="to" type="datetime-local" aria-label="Started until" defaultValue={localTimeInput(initial('to'))} suppressHydrationWarning />
        </label>
      </div>
      <div className="toolbar">
        <input
          name="filter"
          className="wide mono"
          aria-label="Filter expression"
          aria-invalid={filterError !== undefined}
          aria-describedby={filterError !== undefined ? 'trace-filter-error' : undefined}
          placeholder="Filter expression, e.g. trace.execution_time_ms > 500 and tags.env = 'prod'"
          defaultValue={initial('filter')}
          style={{ flex: 1 }}
        />
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      </div>
      {filterError !== undefined ? (
        <p id="trace-filter-error" role="alert" className="error-box mono">
          {filterError}
        </p>
      ) : null}
    </form>
  );
}
