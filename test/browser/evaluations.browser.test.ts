import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { describeInBrowser, repositoryRoot, runCli, useDashboard } from './dashboard-fixture.js';

/** The dashboard's number format (lib/format.ts formatNumber), to compare what the page shows with what the API holds. */
function formatNumber(value: number | null | undefined): string {
  if (value === undefined || value === null) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e7 || Math.abs(value) < 1e-4)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}

interface Row {
  row_index: number;
  output?: unknown;
  trace_id?: string;
  error?: string;
  metrics: Record<string, number | null>;
}

interface Comparison {
  column: string;
  a: number | null;
  b: number | null;
  delta: number | null;
  ci95_low: number | null;
  ci95_high: number | null;
  greater_is_better: boolean;
}

/** Waits until React runs the page's controls (they say so with data-hydrated): a click before that reaches only the bare HTML. */
async function hydrated(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-hydrated="true"]').count()).toBeGreaterThan(0);
  await expect.poll(() => page.locator('[data-hydrated="false"]').count()).toBe(0);
}

/** Pages' own 404s for sections other helpers build (traces, models, runs) are not this section's errors. */
const notOtherSections = (error: string) => !error.includes('404');

describeInBrowser('dashboard: evaluations', () => {
  const session = useDashboard();

  async function apiGet<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${session.server.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  }

  /** The demo's two evaluation runs, by name, with their aggregate metrics. */
  async function evaluationRuns(): Promise<Record<string, { id: string; metrics: Record<string, number> }>> {
    const { experiments } = await apiGet<{ experiments: { experiment_id: string }[] }>('/api/2.0/mlflow/experiments/search', { max_results: 100 });
    const { runs } = await apiGet<{ runs: { info: { run_id: string; run_name: string }; data: { metrics: { key: string; value: number }[] } }[] }>('/api/2.0/mlflow/runs/search', {
      experiment_ids: experiments.map((experiment) => experiment.experiment_id),
      filter: "params.`evaluation.rows` LIKE '%'",
    });
    return Object.fromEntries(runs.map((run) => [run.info.run_name, { id: run.info.run_id, metrics: Object.fromEntries(run.data.metrics.map((metric) => [metric.key, metric.value])) }]));
  }

  async function rowsOf(runId: string): Promise<Row[]> {
    return (await apiGet<{ rows: Row[] }>(`/api/assay/v1/runs/${runId}/evaluation-rows`)).rows;
  }

  it('lists both evaluation runs with the rougeL the API holds; the experiment and the two chosen runs are in the URL; Compare opens them', async () => {
    const runs = await evaluationRuns();
    const v1 = runs['eval support-bot v1']!;
    const v2 = runs['eval support-bot v2']!;
    expect(v1.metrics['rougeL']).toBeLessThan(v2.metrics['rougeL']!);
    const { page, errors, screenshot } = await session.newPage();
    await page.goto('/evaluations');
    const table = page.getByRole('table', { name: 'Evaluation runs' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    for (const run of [v1, v2]) {
      const row = table.locator(`tr[data-run-id="${run.id}"]`);
      expect(await row.locator('td[data-column="rougeL"]').textContent()).toBe(formatNumber(run.metrics['rougeL']));
      expect(await row.getByRole('link', { name: 'support-faq v1' }).getAttribute('href')).toBe('/datasets/support-faq?version=1');
    }
    expect(await table.locator(`tr[data-run-id="${v1.id}"]`).getByRole('link', { name: 'support-bot v1', exact: true }).getAttribute('href')).toBe('/models/support-bot?version=1');
    await screenshot('evaluations-list');

    await hydrated(page);
    await page.getByRole('combobox', { name: 'Experiment' }).selectOption({ label: 'assay-demo-evaluations' });
    await expect.poll(() => page.url()).toMatch(/\?experiment=\d+$/);
    await hydrated(page);
    await page.getByRole('checkbox', { name: 'Choose eval support-bot v1 for comparison' }).check();
    await page.getByRole('checkbox', { name: 'Choose eval support-bot v2 for comparison' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('selected')).toBe(`${v1.id},${v2.id}`);
    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Choose eval support-bot v2 for comparison' }).isChecked()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Experiment' }).inputValue()).toMatch(/^\d+$/);
    await page.getByRole('link', { name: 'Compare' }).click();
    await expect.poll(() => page.url()).toContain(`/evaluations/compare?a=${v1.id}&b=${v2.id}`);
    await expect.poll(() => page.getByRole('table', { name: 'Metric deltas' }).count()).toBe(1);
    expect(errors.filter(notOtherSections)).toEqual([]);
  });

  it("shows one evaluation's 12 rows, sorts by a metric as the API's scores order, keeps only the failing row, opens a row's full text and links its trace", async () => {
    const runs = await evaluationRuns();
    const v1 = runs['eval support-bot v1']!;
    const rows = await rowsOf(v1.id);
    expect(rows).toHaveLength(12);
    const { page, errors, screenshot } = await session.newPage();
    await page.goto(`/evaluations/${v1.id}`);
    const table = page.getByRole('table', { name: 'Evaluation rows' });
    const bodyRows = table.locator('tbody tr[data-row-index]');
    await expect.poll(() => bodyRows.count()).toBe(12);
    expect(await page.getByRole('listitem', { name: 'rougeL aggregate' }).locator('.value').textContent()).toBe(formatNumber(v1.metrics['rougeL']));
    await screenshot('evaluation-page');

    await hydrated(page);
    await page.getByRole('button', { name: 'Sort by rougeL', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('metric:rougeL');
    const expectedOrder = async () => {
      const descending = new URL(page.url()).searchParams.get('desc') === '1';
      const present = rows.map((row) => row.metrics['rougeL']).filter((value): value is number => typeof value === 'number');
      present.sort((left, right) => (descending ? right - left : left - right));
      const missing = rows.filter((row) => typeof row.metrics['rougeL'] !== 'number').length;
      return [...present.map(formatNumber), ...Array.from({ length: missing }, () => '—')];
    };
    const shownOrder = () => table.locator('tbody tr[data-row-index] td[data-column="metric:rougeL"]').allTextContents();
    await expect.poll(shownOrder).toEqual(await expectedOrder());
    // The other direction too, and the sort survives a reload.
    const firstDirection = new URL(page.url()).searchParams.get('desc');
    await page.getByRole('button', { name: 'Sort by rougeL', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('desc')).not.toBe(firstDirection);
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('metric:rougeL');
    await expect.poll(shownOrder).toEqual(await expectedOrder());
    await page.reload();
    await expect.poll(shownOrder).toEqual(await expectedOrder());
    await hydrated(page);

    const errored = rows.filter((row) => row.error !== undefined);
    expect(errored).toHaveLength(1);
    await page.getByRole('checkbox', { name: 'Failing rows only' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('failing')).toBe('errors');
    await expect.poll(() => bodyRows.count()).toBe(1);
    expect(await bodyRows.first().getAttribute('data-row-index')).toBe(String(errored[0]!.row_index));
    expect(await page.getByRole('status').textContent()).toContain("1 of 12 rows failing: rows whose model call or a metric failed.");
    expect(await page.getByRole('list', { name: 'Why the rows fail' }).textContent()).toContain(errored[0]!.error!);
    await page.reload();
    await expect.poll(() => page.getByRole('table', { name: 'Evaluation rows' }).locator('tbody tr[data-row-index]').count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Failing rows only' }).isChecked()).toBe(true);
    await hydrated(page);

    await page.getByRole('button', { name: `More of row ${errored[0]!.row_index}` }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('open')).toBe(String(errored[0]!.row_index));
    await expect.poll(() => page.getByRole('button', { name: `Less of row ${errored[0]!.row_index}` }).getAttribute('aria-expanded')).toBe('true');

    const traceLink = page.getByRole('link', { name: `Trace of row ${errored[0]!.row_index}` });
    expect(await traceLink.getAttribute('href')).toBe(`/traces/${errored[0]!.trace_id}`);
    // The trace the link names is in the store.
    const trace = await fetch(`${session.server.url}/api/2.0/mlflow/traces/${errored[0]!.trace_id}/info`);
    expect(trace.status).toBe(200);
    await traceLink.click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/traces/${errored[0]!.trace_id}$`));
    expect(errors.filter(notOtherSections)).toEqual([]);
  });

  it("compares v1 with v2: the route's deltas and intervals, changed scores highlighted, changed rows only in the URL; model versions 1 and 2 resolve to the same runs", async () => {
    const runs = await evaluationRuns();
    const v1 = runs['eval support-bot v1']!;
    const v2 = runs['eval support-bot v2']!;
    const { comparisons } = await apiGet<{ comparisons: Comparison[] }>(`/api/assay/v1/evaluations/compare?a=${v1.id}&b=${v2.id}`);
    const rougeL = comparisons.find((comparison) => comparison.column === 'rougeL')!;
    expect(rougeL.ci95_low).toBeGreaterThan(0);
    const { page, errors, screenshot } = await session.newPage();
    await page.goto(`/evaluations/compare?a=${v1.id}&b=${v2.id}`);
    const deltas = page.getByRole('table', { name: 'Metric deltas' });
    await expect.poll(() => deltas.locator('tbody tr').count()).toBe(comparisons.length);
    for (const comparison of comparisons) {
      const row = deltas.locator(`tr[data-column="${comparison.column}"]`);
      expect(await row.locator('[data-value="a"]').textContent()).toBe(formatNumber(comparison.a));
      expect(await row.locator('[data-value="b"]').textContent()).toBe(formatNumber(comparison.b));
      expect(await row.locator('[data-value="delta"]').textContent()).toBe(formatNumber(comparison.delta));
      expect(await row.locator('[data-value="ci"]').textContent()).toBe(`[${formatNumber(comparison.ci95_low)}, ${formatNumber(comparison.ci95_high)}]`);
    }
    expect(await deltas.locator('tr[data-column="rougeL"] .badge').textContent()).toBe('B better');

    const [rowsA, rowsB] = await Promise.all([rowsOf(v1.id), rowsOf(v2.id)]);
    const scoreColumns = comparisons.map((comparison) => comparison.column).filter((column) => !/^latency|_ms$/.test(column));
    const changed = rowsA.filter((row, index) => scoreColumns.some((column) => (row.metrics[column] ?? null) !== (rowsB[index]!.metrics[column] ?? null)));
    expect(changed.length).toBeGreaterThan(0);
    const sideBySide = page.getByRole('table', { name: 'Rows side by side' });
    expect(await sideBySide.locator('tbody tr').count()).toBe(12);
    expect(await sideBySide.locator('tr[data-changed="true"]').evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-row-index'))))).toEqual(
      changed.map((row) => row.row_index),
    );
    // Every score cell is highlighted exactly when A's and B's scores differ.
    const highlighted = await sideBySide.locator('tbody td[data-column]').evaluateAll((cells) =>
      cells.map((cell) => `${cell.closest('tr')!.getAttribute('data-row-index')}:${cell.getAttribute('data-column')}:${cell.classList.contains('diff-cell')}`),
    );
    const expectedHighlights = rowsA.flatMap((row, index) =>
      comparisons.map(({ column }) => `${row.row_index}:${column}:${scoreColumns.includes(column) && (row.metrics[column] ?? null) !== (rowsB[index]!.metrics[column] ?? null)}`),
    );
    expect(highlighted).toEqual(expectedHighlights);
    // Timing columns are never highlighted, even though every latency differs.
    expect(highlighted.filter((entry) => entry.includes(':latency:')).every((entry) => entry.endsWith(':false'))).toBe(true);
    expect(highlighted.filter((entry) => entry.endsWith(':true')).length).toBeGreaterThan(0);
    await screenshot('evaluations-compare');

    await page.getByRole('switch', { name: 'Show changed rows only' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('changed')).toBe('1');
    await expect.poll(() => page.getByRole('table', { name: 'Rows side by side' }).locator('tbody tr').count()).toBe(changed.length);
    await page.reload();
    await expect.poll(() => page.getByRole('table', { name: 'Rows side by side' }).locator('tbody tr').count()).toBe(changed.length);

    // Two versions of the registered model, picked on the list page, resolve to the same two runs.
    await page.goto('/evaluations');
    await page.getByRole('combobox', { name: 'Registered model' }).selectOption('support-bot');
    await page.getByRole('textbox', { name: 'Version A' }).fill('1');
    await page.getByRole('textbox', { name: 'Version B' }).fill('2');
    await page.getByRole('button', { name: 'Compare versions' }).click();
    await expect.poll(() => page.url()).toContain('/evaluations/compare?model=support-bot&a_version=1&b_version=2');
    const compared = page.getByRole('list', { name: 'Compared runs' }).getByRole('link');
    await expect.poll(() => compared.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([`/evaluations/${v1.id}`, `/evaluations/${v2.id}`]);
    expect(await page.getByRole('table', { name: 'Metric deltas' }).locator('tr[data-column="rougeL"] [data-value="delta"]').textContent()).toBe(formatNumber(rougeL.delta));
    expect(errors.filter(notOtherSections)).toEqual([]);
  });
});

describeInBrowser('dashboard: datasets', () => {
  const session = useDashboard();

  it('lists support-faq; its page shows the version, digest, schema, 12 rows and both evaluation runs as users of version 1, with the version in the URL', async () => {
    const { datasets } = await (await fetch(`${session.server.url}/api/assay/v1/datasets`)).json() as { datasets: { name: string; digest: string; row_count: number; version: number }[] };
    const faq = datasets.find((dataset) => dataset.name === 'support-faq')!;
    expect(faq.row_count).toBe(12);
    const { page, errors, screenshot } = await session.newPage();
    await page.goto('/datasets');
    const list = page.getByRole('table', { name: 'Datasets' });
    const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: 'support-faq' }) });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(faq.digest.slice(0, 12));
    expect(await row.textContent()).toContain('12');
    await screenshot('datasets');

    await row.getByRole('link', { name: 'support-faq' }).click();
    await expect.poll(() => page.url()).toMatch(/\/datasets\/support-faq$/);
    const versions = page.getByRole('table', { name: 'Versions' });
    await expect.poll(() => versions.locator('tbody tr').count()).toBe(1);
    expect(await versions.textContent()).toContain(faq.digest.slice(0, 12));
    expect(await page.getByText(faq.digest, { exact: true }).count()).toBe(1);
    const schema = await page.getByRole('table', { name: 'Schema' }).locator('tbody tr td:first-child').allTextContents();
    expect(schema).toEqual(['question', 'expected_answer', 'category']);
    expect(await page.getByRole('table', { name: 'Rows preview' }).locator('tbody tr').count()).toBe(12);
    const users = page.getByRole('table', { name: 'Runs that used the dataset' });
    for (const name of ['eval support-bot v1', 'eval support-bot v2']) {
      const user = users.getByRole('row').filter({ has: page.getByRole('link', { name }) });
      expect(await user.count()).toBe(1);
      expect(await user.locator('td').nth(1).textContent()).toBe('v1');
    }
    await screenshot('dataset-page');

    await versions.getByRole('link', { name: 'Version 1' }).click();
    await expect.poll(() => page.url()).toMatch(/\/datasets\/support-faq\?version=1$/);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Version 1' }).count()).toBe(1);
    await page.goto('/datasets/support-faq?version=9');
    await expect.poll(() => page.getByText('support-faq has no version 9; showing the latest.').count()).toBe(1);
    expect(errors.filter(notOtherSections)).toEqual([]);
  });
});

describeInBrowser('dashboard: a 12,000-row evaluation', () => {
  const ROWS = 12_000;
  const session = useDashboard({
    store: () => {
      const root = mkdtempSync(join(tmpdir(), 'assay-dashboard-large-'));
      // An evaluation file (run by the built CLI's `assay eval`) that imports the built @assay/evaluate by path: the temp folder has no node_modules.
      const file = join(root, 'large.eval.mjs');
      writeFileSync(
        file,
        `import { evaluate, exactMatchMetric } from ${JSON.stringify(pathToFileURL(join(repositoryRoot, 'packages', 'evaluate', 'dist', 'index.js')).href)};
const data = Array.from({ length: ${ROWS} }, (_, index) => ({
  question: 'question ' + index,
  answer: 'answer ' + index,
  // Every 10th answer is wrong; row 7 answers with a terminal colour escape.
  prediction: index === 7 ? '\\u001b[31mred answer\\u001b[0m' : index % 10 === 3 ? 'wrong' : 'answer ' + index,
}));
await evaluate({ data, predictions: 'prediction', targets: 'answer', metrics: [exactMatchMetric()], thresholds: { exact_match: { min: 0.5 } }, runName: 'large evaluation', experimentName: 'large', progress: false });
`,
      );
      runCli(['--tracking-uri', root, 'eval', file]);
      return root;
    },
  });
  // The fixture removes only the stores it made itself; this one goes once its server has stopped.
  afterAll(async () => {
    await session.server?.stop();
    if (session.root) rmSync(session.root, { recursive: true, force: true });
  });

  it('renders only the visible rows of 12,000, scrolls to the last, counts the failing rows by the chosen meaning, shows the verdict and escapes as text', async () => {
    const { experiment } = (await (await fetch(`${session.server.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=large`)).json()) as { experiment: { experiment_id: string } };
    const { runs } = (await (
      await fetch(`${session.server.url}/api/2.0/mlflow/runs/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ experiment_ids: [experiment.experiment_id] }) })
    ).json()) as { runs: { info: { run_id: string } }[] };
    const runId = runs[0]!.info.run_id;
    const { page, errors } = await session.newPage();
    await page.goto(`/evaluations/${runId}`);
    const table = page.getByRole('table', { name: 'Evaluation rows' });
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe(String(ROWS + 1));
    const rendered = await table.locator('tbody tr[data-row-index]').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    expect(await page.getByRole('listitem').filter({ hasText: 'Thresholds' }).locator('.badge').textContent()).toBe('passed');
    expect(await table.locator('tr[data-row-index="7"] td[data-column="output"]').textContent()).toBe('␛[31mred answer␛[0m');

    await hydrated(page);
    // The scroll box is the table's parent; scroll it to the end.
    await table.evaluate((element: { parentElement: { scrollTop: number; scrollHeight: number } | null }) => {
      element.parentElement!.scrollTop = element.parentElement!.scrollHeight;
    });
    await expect.poll(() => table.locator(`tr[data-row-index="${ROWS - 1}"]`).count()).toBe(1);
    expect(await table.locator('tbody tr[data-row-index]').count()).toBeLessThan(100);

    await page.getByRole('checkbox', { name: 'Failing rows only' }).check();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`0 of ${ROWS} rows failing`);
    await page.getByRole('combobox', { name: 'What counts as failing' }).selectOption('zero');
    // Rows 3, 13, 23, ... and row 7 answered wrong: exact_match = 0.
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`${ROWS / 10 + 1} of ${ROWS} rows failing`);
    await expect.poll(() => new URL(page.url()).searchParams.get('failing')).toBe('zero');
    expect(errors.filter(notOtherSections)).toEqual([]);
  });
});
