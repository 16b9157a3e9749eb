'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
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
 */
export function TracesFilters({ experiments, filterError }: { experiments: Array<{ id: string; name: string }>; filterError?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const initial = (): Values => {
    const values: Values = Object.fromEntries([...TRACE_FILTER_PARAMS, 'experiment', 'order'].map((param) => [param, params.get(param) ?? '']));
    // The server renders these in its time zone, the browser in the viewer's (suppressHydrationWarning on the inputs).
    values.from = localTimeInput(values.from!);
    values.to = localTimeInput(values.to!);
    return values;
  };
  const [values, setValues] = useState<Values>(initial);
  const set = (param: string, value: string) => setValues((current) => ({ ...current, [param]: value }));

  const navigate = (next: Values) => {
    const search = new URLSearchParams();
    for (const [param, value] of Object.entries(next)) {
      if (value.trim() === '') continue;
      search.set(param, param === 'from' || param === 'to' ? isoTime(value) : value.trim());
    }
    router.push(`${pathname}${search.size > 0 ? `?${search.toString()}` : ''}`);
  };
  /** A chooser applies at once, with the text fields as they are typed. */
  const choose = (param: string, value: string) => {
    const next = { ...values, [param]: value };
    if (param === 'since' && value !== '') Object.assign(next, { from: '', to: '' });
    setValues(next);
    navigate(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(values);
  };
  const clear = () => {
    const next = { ...values };
    for (const param of TRACE_FILTER_PARAMS) next[param] = '';
    setValues(next);
    navigate(next);
  };

  return (
    <form onSubmit={submit} aria-label="Trace filters" className="card">
      <div className="toolbar">
        <label className="row">
          Experiment
          <select aria-label="Experiment" value={values.experiment} onChange={(event) => choose('experiment', event.target.value)}>
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
          <select aria-label="Status" value={values.status} onChange={(event) => choose('status', event.target.value)}>
            <option value="">Any</option>
            <option value="OK">OK</option>
            <option value="ERROR">ERROR</option>
          </select>
        </label>
        <label className="row">
          Started
          <select aria-label="Started" value={values.since} onChange={(event) => choose('since', event.target.value)}>
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
          <select aria-label="Span type" value={values.span_type} onChange={(event) => choose('span_type', event.target.value)}>
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
          <select aria-label="Order" value={values.order === '' ? 'time_desc' : values.order} onChange={(event) => choose('order', event.target.value === 'time_desc' ? '' : event.target.value)}>
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
          <input key={field.param} aria-label={field.label} title={field.label} placeholder={`${field.label}: ${field.placeholder}`} value={values[field.param]} onChange={(event) => set(field.param, event.target.value)} />
        ))}
        <input type="number" min={0} aria-label="Minimum duration (ms)" placeholder="Min duration (ms)" value={values.min_ms} onChange={(event) => set('min_ms', event.target.value)} />
        <label className="row">
          From
          <input type="datetime-local" aria-label="Started from" value={values.from} onChange={(event) => set('from', event.target.value)} suppressHydrationWarning />
        </label>
        <label className="row">
          To
          <input type="datetime-local" aria-label="Started until" value={values.to} onChange={(event) => set('to', event.target.value)} suppressHydrationWarning />
        </label>
      </div>
      <div className="toolbar">
        <input
          className="wide mono"
          aria-label="Filter expression"
          aria-invalid={filterError !== undefined}
          aria-describedby={filterError !== undefined ? 'trace-filter-error' : undefined}
          placeholder="Filter expression, e.g. trace.execution_time_ms > 500 and tags.env = 'prod'"
          value={values.filter}
          onChange={(event) => set('filter', event.target.value)}
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
