import Link from 'next/link';
import { api, ApiError } from '@/lib/assay-api';
import { getRun, readEvaluationRows, resolveVersionRun, summarizeEvaluation, type EvaluationSummary } from '@/lib/evaluations-data';
import { formatNumber, preview } from '@/lib/format';
import type { EvaluationComparison, EvaluationComparisonResult, EvaluationRow } from '@/lib/evaluations-types';
import styles from './compare.module.css';

export const metadata = { title: 'Compare evaluations' };

/** Rows side by side per page. */
const PAGE_SIZE = 100;

/** Timing columns change on every run; a "changed row" is one whose scores changed. */
const TIMING = /^latency|_ms$/i;

type Search = { a?: string; b?: string; model?: string; a_version?: string; b_version?: string; changed?: string; page?: string };

function verdictOf(comparison: EvaluationComparison): { label: string; tone: string } {
  const { ci95_low: low, ci95_high: high, delta } = comparison;
  if (low === null || high === null || delta === null) return { label: 'no scores', tone: '' };
  if (low > 0 || high < 0) {
    const better = delta > 0 === comparison.greater_is_better;
    return better ? { label: 'B better', tone: 'ok' } : { label: 'B worse', tone: 'bad' };
  }
  return { label: 'no clear difference', tone: 'warn' };
}

function inputOf(row: EvaluationRow | undefined): unknown {
  if (!row) return undefined;
  const values = Object.values(row.inputs);
  return values.length === 1 ? values[0] : row.inputs;
}

function hrefWith(search: Search, changes: Partial<Search>): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...search, ...changes })) if (value !== undefined && value !== '') next.set(key, value);
  return `/evaluations/compare?${next.toString()}`;
}

function RunLink({ label, summary }: { label: string; summary: EvaluationSummary }) {
  return (
    <>
      <span className="badge">{label}</span> <Link href={`/evaluations/${encodeURIComponent(summary.runId)}`}>{summary.runName}</Link>
      {summary.modelVersion ? (
        <span className="muted">
          {' '}
          ({summary.modelVersion.name} v{summary.modelVersion.version})
        </span>
      ) : null}
    </>
  );
}

export default async function CompareEvaluationsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  let a = search.a;
  let b = search.b;
  const notes: string[] = [];
  if (search.model && search.a_version && search.b_version) {
    const resolvedA = await resolveVersionRun({ model: search.model, version: search.a_version });
    const datasetA = resolvedA.runId ? summarizeEvaluation(await getRun(resolvedA.runId)).dataset : undefined;
    const resolvedB = await resolveVersionRun({ model: search.model, version: search.b_version, ...(datasetA ? { dataset: datasetA } : {}) });
    a = resolvedA.runId;
    b = resolvedB.runId;
    notes.push(resolvedA.runId ? `A is ${resolvedA.how}.` : resolvedA.how, resolvedB.runId ? `B is ${resolvedB.how}.` : resolvedB.how);
  }
  if (!a || !b) {
    return (
      <>
        <h1>Compare evaluations</h1>
        {notes.length > 0 ? <p className="error-box">{notes.join(' ')}</p> : null}
        <p className="empty">
          Choose two evaluation runs on <Link href="/evaluations">Evaluations</Link> (tick two, then Compare), or two versions of a registered model there.
        </p>
      </>
    );
  }
  const [runA, runB] = await Promise.all([getRun(a), getRun(b)]);
  const summaryA = summarizeEvaluation(runA);
  const summaryB = summarizeEvaluation(runB);
  let comparison: EvaluationComparisonResult | undefined;
  let problem: string | undefined;
  try {
    comparison = await api<EvaluationComparisonResult>('/api/assay/v1/evaluations/compare', { query: { a, b } });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    problem = error.message;
  }
  const [rowsA, rowsB] = await Promise.all([readEvaluationRows(a), readEvaluationRows(b)]);
  const byIndexB = new Map(rowsB.map((row) => [row.row_index, row]));
  const columns = comparison?.comparisons.map((entry) => entry.column) ?? [];
  const scoreColumns = columns.filter((column) => !TIMING.test(column));
  const pairs = rowsA.map((row) => ({ a: row, b: byIndexB.get(row.row_index) }));
  const changedOf = (pair: { a: EvaluationRow; b: EvaluationRow | undefined }) =>
    scoreColumns.filter((column) => (pair.a.metrics[column] ?? null) !== (pair.b?.metrics[column] ?? null));
  const changedOnly = search.changed === '1';
  const shown = changedOnly ? pairs.filter((pair) => changedOf(pair).length > 0) : pairs;
  const pageCount = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(pageCount, Math.max(1, Number.parseInt(search.page ?? '1', 10) || 1));
  const pageRows = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <>
      <p className="muted">
        <Link href="/evaluations">Evaluations</Link> /
      </p>
      <h1>Compare evaluations</h1>
      <ul className={styles.runs} aria-label="Compared runs">
        <li>
          <RunLink label="A" summary={summaryA} />
        </li>
        <li>
          <RunLink label="B" summary={summaryB} />
        </li>
      </ul>
      {notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      {summaryA.dataset !== summaryB.dataset || summaryA.datasetVersion !== summaryB.datasetVersion ? (
        <p className="badge warn">
          A used {summaryA.dataset ?? 'inline rows'} {summaryA.datasetVersion ? `v${summaryA.datasetVersion}` : ''}, B used {summaryB.dataset ?? 'inline rows'}{' '}
          {summaryB.datasetVersion ? `v${summaryB.datasetVersion}` : ''}.
        </p>
      ) : null}
      {problem ? <p className="error-box">{problem}</p> : null}
      {comparison ? (
        <>
          <h2>Aggregates: B − A</h2>
          <p className="muted">
            Means of the row scores; 95% confidence interval of B − A from a paired bootstrap ({comparison.samples} resamples of the {comparison.a.rows} rows, seed {comparison.seed}), as
            compareEvaluations computes it. A difference is clear when the interval excludes 0.
          </p>
          <table className="grid" aria-label="Metric deltas">
            <thead>
              <tr>
                <th>Metric</th>
                <th className="num">A</th>
                <th className="num">B</th>
                <th className="num">Delta (B − A)</th>
                <th className="num">95% CI</th>
                <th className="num">p-value</th>
                <th className="num">B wins / losses / ties</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {comparison.comparisons.map((entry) => {
                const verdict = verdictOf(entry);
                return (
                  <tr key={entry.column} data-column={entry.column}>
                    <td>
                      {entry.column} <span className="muted">({entry.greater_is_better ? 'higher is better' : 'lower is better'})</span>
                      {entry.logged_value_differs ? <span className="muted"> · the run logged a corpus value; this compares row means</span> : null}
                    </td>
                    <td className="num" data-value="a">
                      {formatNumber(entry.a)}
                    </td>
                    <td className="num" data-value="b">
                      {formatNumber(entry.b)}
                    </td>
                    <td className="num" data-value="delta">
                      {formatNumber(entry.delta)}
                    </td>
                    <td className="num" data-value="ci">
                      [{formatNumber(entry.ci95_low)}, {formatNumber(entry.ci95_high)}]
                    </td>
                    <td className="num">{formatNumber(entry.p_value)}</td>
                    <td className="num">
                      {entry.wins} / {entry.losses} / {entry.ties}
                    </td>
                    <td>{verdict.tone ? <span className={`badge ${verdict.tone}`}>{verdict.label}</span> : <span className="muted">{verdict.label}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
      <h2>Row by row</h2>
      <div className="toolbar">
        {changedOnly ? (
          <Link href={hrefWith(search, { changed: undefined, page: undefined })} aria-label="Show every row" role="switch" aria-checked="true">
            ☑ Changed rows only
          </Link>
        ) : (
          <Link href={hrefWith(search, { changed: '1', page: undefined })} aria-label="Show changed rows only" role="switch" aria-checked="false">
            ☐ Changed rows only
          </Link>
        )}
        <span className="muted">
          {shown.length} of {pairs.length} rows{changedOnly ? ' whose scores changed' : ''} (timing columns such as latency are not counted as changes); changed scores are highlighted.
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="empty">No row&apos;s scores changed between A and B.</p>
      ) : (
        <div className="scroll">
          <table className="grid" aria-label="Rows side by side">
            <thead>
              <tr>
                <th className="num">Row</th>
                <th>Input</th>
                <th>A output</th>
                <th>B output</th>
                {columns.map((column) => (
                  <th key={column} className="num">
                    {column} A → B
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pageRows.map((pair) => {
                const changed = new Set(changedOf(pair));
                return (
                  <tr key={pair.a.row_index} data-row-index={pair.a.row_index} data-changed={changed.size > 0 ? 'true' : 'false'}>
                    <td className="num">{pair.a.row_index}</td>
                    <td className="preview">{preview(inputOf(pair.a), 100)}</td>
                    <td className="preview">{pair.a.error ? <span className="badge bad">error: {preview(pair.a.error, 60)}</span> : preview(pair.a.output, 100)}</td>
                    <td className="preview">{pair.b?.error ? <span className="badge bad">error: {preview(pair.b.error, 60)}</span> : preview(pair.b?.output, 100)}</td>
                    {columns.map((column) => (
                      <td key={column} className={`num${changed.has(column) ? ' diff-cell' : ''}`} data-column={column}>
                        {formatNumber(pair.a.metrics[column])} → {formatNumber(pair.b?.metrics[column])}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav className="toolbar" aria-label="Pages of rows">
          {page > 1 ? <Link href={hrefWith(search, { page: String(page - 1) })}>Previous</Link> : null}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link href={hrefWith(search, { page: String(page + 1) })}>Next</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
