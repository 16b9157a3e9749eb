// The runs section as a user sees it: an experiment's runs table (virtualised, sorted and filtered by the
// server, columns picked), a run's page (params, metrics, charts, artifacts) and the comparison of runs,
// each figure checked against what the API holds for the same store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSAY_ATTRIBUTES, type WriteOperation } from '@assay/core';
import { DuckDbStore } from '@assay/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, useDashboard, type DashboardSession } from './dashboard-fixture.js';

interface ApiRun {
  info: { run_id: string; run_name?: string; experiment_id: string; status: string };
  data: { metrics?: Array<{ key: string; value: number }>; params?: Array<{ key: string; value: string }>; tags?: Array<{ key: string; value: string }> };
}

async function apiJson<T>(session: DashboardSession, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${session.server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw Object.assign(new Error(`${path}: ${response.status} ${JSON.stringify(json)}`), { json, status: response.status });
  return json;
}

async function experimentId(session: DashboardSession, name: string): Promise<string> {
  const { experiment } = await apiJson<{ experiment: { experiment_id: string } }>(session, `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
  return experiment.experiment_id;
}

async function searchRuns(session: DashboardSession, body: { experiment_ids: string[]; filter?: string; order_by?: string[]; max_results?: number }): Promise<ApiRun[]> {
  const { runs = [] } = await apiJson<{ runs?: ApiRun[] }>(session, '/api/2.0/mlflow/runs/search', { max_results: 1000, ...body });
  return runs;
}

/** The dashboard's number format (lib/format.ts formatNumber) for values in the demo's range. */
const shown = (value: number) => String(Number(value.toPrecision(6)));
const metricOf = (run: ApiRun, key: string) => run.data.metrics!.find((metric) => metric.key === key)!.value;
const paramOf = (run: ApiRun, key: string) => run.data.params!.find((param) => param.key === key)!.value;
const tagOf = (run: ApiRun, key: string) => run.data.tags!.find((tag) => tag.key === key)!.value;
/** An <img>'s natural width once loaded, else 0 (run in the page; the test's types have no DOM). */
const loadedWidth = (image: unknown) => {
  const element = image as { complete: boolean; naturalWidth: number };
  return element.complete ? element.naturalWidth : 0;
};
/** Errors a page may log for sections other helpers build (their links 404 until merged). */
const realErrors = (errors: string[]) => errors.filter((error) => !error.includes('404'));

describeInBrowser('dashboard: runs of the demo experiment', () => {
  const session = useDashboard();

  it('shows the 18 runs with the figures the API holds', async () => {
    const { page, errors, screenshot } = await session.newPage();
    const id = await experimentId(session, 'assay-demo');
    const runs = await searchRuns(session, { experiment_ids: [id] });
    expect(runs).toHaveLength(18);
    await page.goto(`/experiments/${id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('assay-demo');
    const table = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => table.locator('tbody tr[data-index]').count()).toBe(18);
    for (const run of [runs[0]!, runs[7]!, runs[17]!]) {
      const row = table.locator('tbody tr[data-index]').filter({ has: page.getByRole('link', { name: run.info.run_name!, exact: true }) });
      expect(await row.locator('td[data-column="metrics.accuracy"]').textContent()).toBe(shown(metricOf(run, 'accuracy')));
      expect(await row.locator('td[data-column="params.model"]').textContent()).toBe(paramOf(run, 'model'));
      expect(await row.locator('td[data-column="status"]').textContent()).toBe(run.info.status);
    }
    const tabs = page.getByRole('navigation', { name: 'Experiment sections' });
    expect(await tabs.getByRole('link', { name: 'Traces' }).getAttribute('href')).toBe(`/traces?experiment=${id}`);
    expect(await tabs.getByRole('link', { name: 'Evaluations' }).getAttribute('href')).toBe(`/evaluations?experiment=${id}`);
    await screenshot('runs-table');
    expect(realErrors(errors)).toEqual([]);
  });

  it('filters through the URL, keeps the filter on reload, and shows a syntax error inline with a caret', async () => {
    const { page, errors } = await session.newPage();
    const id = await experimentId(session, 'assay-demo');
    const expected = await searchRuns(session, { experiment_ids: [id], filter: 'metrics.accuracy > 0.8' });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(18);
    await page.goto(`/experiments/${id}`);
    const rows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr[data-index]');
    await expect.poll(() => rows.count()).toBe(18);
    await page.getByRole('searchbox', { name: 'Filter runs' }).fill('metrics.accuracy > 0.8');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('filter')).toBe('metrics.accuracy > 0.8');
    await expect.poll(() => rows.count()).toBe(expected.length);
    const names = await rows.getByRole('link').allTextContents();
    expect(new Set(names)).toEqual(new Set(expected.map((run) => run.info.run_name)));
    await page.reload();
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).locator('tbody tr[data-index]').count()).toBe(expected.length);
    expect(await page.getByRole('searchbox', { name: 'Filter runs' }).inputValue()).toBe('metrics.accuracy > 0.8');

    const bad = "metrics.accuracy > 0.8 andd params.model = 'x'";
    const refused = await searchRuns(session, { experiment_ids: [id], filter: bad }).then(
      () => undefined,
      (error: { json: { error_code: string; message: string } }) => error.json,
    );
    expect(refused?.error_code).toBe('INVALID_PARAMETER_VALUE');
    const column = Number(/at column (\d+)/.exec(refused!.message)![1]);
    await page.getByRole('searchbox', { name: 'Filter runs' }).fill(bad);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Invalid run filter' });
    await expect.poll(() => alert.textContent()).toContain(refused!.message);
    expect(await page.getByLabel('Where the filter fails').textContent()).toBe(`${bad}\n${' '.repeat(column - 1)}^`);
    expect(bad.slice(column - 1).startsWith('andd')).toBe(true);
    // The page still works: the box is there and clearing the filter brings the runs back.
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).locator('tbody tr[data-index]').count()).toBe(18);
    expect(new URL(page.url()).searchParams.has('filter')).toBe(false);
    expect(realErrors(errors)).toEqual([]);
  });

  it('sorts by a metric column in the order the API gives', async () => {
    const { page, errors } = await session.newPage();
    const id = await experimentId(session, 'assay-demo');
    const descending = await searchRuns(session, { experiment_ids: [id], order_by: ['metrics.latency_ms DESC'] });
    const ascending = await searchRuns(session, { experiment_ids: [id], order_by: ['metrics.latency_ms ASC'] });
    await page.goto(`/experiments/${id}`);
    const rows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr[data-index]');
    await expect.poll(() => rows.count()).toBe(18);
    await page.getByRole('button', { name: /^Sort by metrics\.latency_ms/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('order')).toBe('metrics.latency_ms DESC');
    await expect.poll(() => rows.getByRole('link').allTextContents()).toEqual(descending.map((run) => run.info.run_name));
    const latencies = await rows.locator('td[data-column="metrics.latency_ms"]').allTextContents();
    expect(latencies).toEqual(descending.map((run) => shown(metricOf(run, 'latency_ms'))));
    await page.getByRole('button', { name: /^Sort by metrics\.latency_ms, now descending/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('order')).toBe('metrics.latency_ms ASC');
    await expect.poll(() => rows.getByRole('link').allTextContents()).toEqual(ascending.map((run) => run.info.run_name));
    expect(realErrors(errors)).toEqual([]);
  });

  it('adds a picked column that survives a reload', async () => {
    const { page, errors } = await session.newPage();
    const id = await experimentId(session, 'assay-demo');
    const [first] = await searchRuns(session, { experiment_ids: [id], order_by: ['attributes.start_time DESC'] });
    await page.goto(`/experiments/${id}`);
    const table = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => table.locator('tbody tr[data-index]').count()).toBe(18);
    expect(await table.getByRole('button', { name: /^Sort by tags\.quality/ }).count()).toBe(0);
    await page.getByText(/^Columns \(/).click();
    await page.getByRole('checkbox', { name: 'Show column tags.quality' }).check();
    await expect.poll(() => table.getByRole('button', { name: /^Sort by tags\.quality/ }).count()).toBe(1);
    await expect.poll(() => new URL(page.url()).searchParams.get('columns')).toContain('tags.quality');
    await page.reload();
    const reloaded = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => reloaded.getByRole('button', { name: /^Sort by tags\.quality/ }).count()).toBe(1);
    const firstRow = reloaded.locator('tbody tr[data-index="0"]');
    expect(await firstRow.getByRole('link').textContent()).toBe(first!.info.run_name);
    expect(await firstRow.locator('td[data-column="tags.quality"]').textContent()).toBe(tagOf(first!, 'quality'));
    expect(realErrors(errors)).toEqual([]);
  });

  it("shows a run's params, latest metrics, a drawn chart, its artifacts and the JSON preview of config/sweep.json", async () => {
    const { page, errors, screenshot } = await session.newPage();
    const id = await experimentId(session, 'assay-demo');
    const [run] = await searchRuns(session, { experiment_ids: [id], order_by: ['metrics.accuracy DESC'], max_results: 1 });
    const runId = run!.info.run_id;
    await page.goto(`/runs/${runId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(run!.info.run_name!);
    const params = page.getByRole('table', { name: 'Params' });
    for (const param of run!.data.params!) {
      expect(await params.locator('tr').filter({ has: page.getByRole('cell', { name: param.key, exact: true }) }).locator('td').nth(1).textContent()).toBe(param.value);
    }
    const metrics = page.getByRole('table', { name: 'Latest metrics' });
    for (const metric of run!.data.metrics!) {
      expect(await metrics.locator('tr').filter({ has: page.getByRole('cell', { name: metric.key, exact: true }) }).locator('td').nth(1).textContent()).toBe(shown(metric.value));
    }
    // Each metric's history charted with uPlot: a canvas with a size, and one series beside the x one.
    const chart = page.getByRole('figure', { name: 'Chart of accuracy' });
    await expect.poll(() => chart.locator('canvas').count()).toBe(1);
    const box = await chart.locator('canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(50);
    expect(await chart.getAttribute('data-series-count')).toBe('1');
    expect(await chart.locator('.u-legend .u-series').count()).toBe(2);
    expect(await page.getByRole('figure').count()).toBe(run!.data.metrics!.length);
    // The chart controls go into the URL.
    await page.getByRole('combobox', { name: 'X axis' }).selectOption('relative');
    await page.getByRole('checkbox', { name: 'Log scale' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('x_axis')).toBe('relative');
    expect(new URL(page.url()).searchParams.get('log')).toBe('1');

    const tree = page.getByRole('tree', { name: 'Artifacts' });
    await page.getByRole('button', { name: 'Expand folder config' }).click();
    await page.getByRole('button', { name: 'Preview config/sweep.json' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('artifact')).toBe('config/sweep.json');
    const content = page.getByLabel('Content of config/sweep.json');
    await expect.poll(() => content.count()).toBe(1);
    const text = (await content.textContent())!;
    expect(JSON.parse(text)).toEqual({ model: paramOf(run!, 'model'), temperature: Number(paramOf(run!, 'temperature')), promptVersion: paramOf(run!, 'prompt_version') });
    expect(text).toContain('\n  "model"'); // pretty-printed
    expect(await tree.getByRole('treeitem').count()).toBeGreaterThanOrEqual(2);
    await screenshot('run-page');
    await page.reload();
    await expect.poll(() => page.getByLabel('Content of config/sweep.json').count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'X axis' }).inputValue()).toBe('relative');
    expect(realErrors(errors)).toEqual([]);
  });

  it('compares two selected runs: diff table, overlaid charts and a scatter whose axes come from the URL', async () => {
    const { page, errors, screenshot } = await session.newPage();
    const id = await experimentId(session, 'assay-demo');
    const runs = await searchRuns(session, { experiment_ids: [id] });
    const first = runs[0]!;
    const second = runs.find((run) => paramOf(run, 'model') !== paramOf(first, 'model') && paramOf(run, 'temperature') !== paramOf(first, 'temperature'))!;
    expect(second).toBeDefined();
    await page.goto(`/experiments/${id}`);
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).locator('tbody tr[data-index]').count()).toBe(18);
    await page.getByRole('checkbox', { name: `Select run ${first.info.run_name!}` }).check();
    await page.getByRole('checkbox', { name: `Select run ${second.info.run_name!}` }).check();
    await page.getByRole('button', { name: /^Compare/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/compare');
    expect(new URL(page.url()).searchParams.get('runs')).toBe(`${first.info.run_id},${second.info.run_id}`);
    const header = page.getByRole('table', { name: 'Compared runs' });
    await expect.poll(() => header.getByRole('link', { name: first.info.run_name!, exact: true }).count()).toBe(1);
    expect(await header.getByRole('link', { name: second.info.run_name!, exact: true }).count()).toBe(1);

    const diff = page.getByRole('table', { name: 'Param and metric differences' });
    for (const key of ['model', 'temperature']) {
      const row = diff.locator(`tr[data-key="params.${key}"]`);
      expect(await row.getAttribute('data-differs')).toBe('true');
      expect(await row.locator('td.diff-cell').count()).toBe(2);
      expect(await row.locator('td').allTextContents()).toEqual(['param', paramOf(first, key), paramOf(second, key)]);
    }
    const seed = diff.locator('tr[data-key="params.seed"]');
    expect(await seed.getAttribute('data-differs')).toBe('false');
    expect(await seed.locator('.diff-cell').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Only differences' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('only_diff')).toBe('1');
    await expect.poll(() => diff.locator('tr[data-key="params.seed"]').count()).toBe(0);
    expect(await diff.locator('tr[data-key="params.model"]').count()).toBe(1);

    // One chart per metric, both runs overlaid.
    const chart = page.getByRole('figure', { name: 'Chart of accuracy' });
    await expect.poll(() => chart.locator('canvas').count()).toBe(1);
    expect(await chart.getAttribute('data-series-count')).toBe('2');
    expect(await chart.locator('.u-legend .u-series').count()).toBe(3);
    expect(await page.getByRole('img', { name: /^Parallel coordinates of 2 runs/ }).locator('polyline').count()).toBe(2);

    await page.goto(`/compare?runs=${first.info.run_id},${second.info.run_id}&x=params.temperature&y=metrics.latency_ms`);
    const scatter = page.getByRole('img', { name: 'Scatter of metrics.latency_ms against params.temperature' });
    await expect.poll(() => scatter.locator('circle').count()).toBe(2);
    expect(await page.getByRole('combobox', { name: 'Scatter x axis' }).inputValue()).toBe('params.temperature');
    await page.getByRole('combobox', { name: 'Scatter y axis' }).selectOption('metrics.rouge_l');
    await expect.poll(() => new URL(page.url()).searchParams.get('y')).toBe('metrics.rouge_l');
    await expect.poll(() => page.getByRole('img', { name: 'Scatter of metrics.rouge_l against params.temperature' }).count()).toBe(1);
    await screenshot('compare');
    expect(realErrors(errors)).toEqual([]);
  });
});

const LARGE = 10_000;
const HISTORY = 100_000;
const LINKED_TRACE_ID = `tr-${'ab'.repeat(16)}`;
/** A 1×1 PNG. */
const PIXEL_PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

describeInBrowser('dashboard: an experiment of 10,000 runs', () => {
  let root = '';
  let parentName = '';
  beforeAll(async () => {
    // Built straight through the store (as bench/lib/search-store.ts does): 10,000 runs in two transactions.
    root = mkdtempSync(join(tmpdir(), 'assay-dashboard-runs-'));
    const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
    try {
      const experimentId = await store.createExperiment({ name: 'ten-thousand' });
      const experiment = await store.getExperiment({ experimentId });
      const parent = await store.prepareRun({ experimentId, runName: `run-${LARGE - 1}`, startTime: 1_700_000_000_000 + LARGE - 1 }, experiment);
      parentName = parent.run.runName;
      const chunk = 5000;
      for (let firstIndex = 0; firstIndex < LARGE; firstIndex += chunk) {
        const operations: WriteOperation[] = [];
        for (let index = firstIndex; index < Math.min(LARGE, firstIndex + chunk); index += 1) {
          // Two children of the newest run, to see them nested under it.
          const create =
            index === LARGE - 1
              ? parent
              : await store.prepareRun(
                  { experimentId, runName: `run-${index}`, startTime: 1_700_000_000_000 + index, ...(index >= LARGE - 3 ? { tags: { 'mlflow.parentRunId': parent.run.runId } } : {}) },
                  experiment,
                );
          operations.push(create, {
            op: 'logBatch',
            runId: create.run.runId,
            params: [{ key: 'model', value: ['gpt-4o', 'claude', 'llama'][index % 3]! }],
            metrics: [{ key: 'accuracy', value: (index % 997) / 997, timestamp: 1_700_000_000_000 + index, step: 0 }],
            tags: [],
          });
        }
        await store.applyWrites(operations);
      }
      // One run with a long metric history: 100,000 points, four get-history pages.
      const longExperimentId = await store.createExperiment({ name: 'long-history' });
      const long = await store.prepareRun({ experimentId: longExperimentId, runName: 'long-run', startTime: 1_700_000_000_000 }, await store.getExperiment({ experimentId: longExperimentId }));
      const metrics = Array.from({ length: HISTORY }, (_, step) => ({ key: 'loss', value: 1 / (1 + step / 1000) + ((step * 7919) % 100) / 1000, timestamp: 1_700_000_000_000 + step, step }));
      await store.applyWrites([long, { op: 'logBatch', runId: long.run.runId, params: [{ key: 'evaluation.rows', value: '2' }], metrics, tags: [] }]);
      // A trace of the run, and a dataset it used.
      await store.logSpans({
        experimentId: longExperimentId,
        spans: [
          {
            traceId: LINKED_TRACE_ID,
            spanId: '00000000000000a1',
            name: 'answer question',
            spanType: 'CHAIN',
            startTimeUnixNano: '1700000000000000000',
            endTimeUnixNano: '1700000000500000000',
            status: { code: 'OK' },
            attributes: { [ASSAY_ATTRIBUTES.sourceRun]: long.run.runId },
            events: [],
          },
        ],
      });
      await store.createDatasetVersion({ name: 'faq-questions', rows: [{ question: 'What is 2+2?', answer: '4' }] });
      await store.logRunInputs({ runId: long.run.runId, inputs: [{ datasetName: 'faq-questions', datasetVersion: 1, context: 'eval' }] });
      const text = (value: string) => new TextEncoder().encode(value);
      const runId = long.run.runId;
      await store.putArtifact({ runId, path: 'images/pixel.png', data: PIXEL_PNG });
      await store.putArtifact({ runId, path: 'images/logo.svg', data: text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><script>window.svgRan = true</script><rect width="20" height="20" fill="teal"/></svg>') });
      await store.putArtifact({ runId, path: 'data/rows.csv', data: text(['id,answer', ...Array.from({ length: 250 }, (_, index) => `${index},"says ""hi"", ${index}"`)].join('\n')) });
      await store.putArtifact({ runId, path: 'eval_results_table.json', data: text(JSON.stringify({ columns: ['question', 'score'], data: [['What is 2+2?', 1], ['Capital of France?', 0.5]] })) });
      await store.putArtifact({ runId, path: 'notes.txt', data: text('plain \u001b[31mred\u001b[0m text') });
      await store.putArtifact({ runId, path: 'big/huge.txt', data: text('x'.repeat(1_500_000)) });
    } finally {
      await store.close();
    }
  }, 120_000);
  const session = useDashboard({ store: () => root });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('scrolls through every run, loading later pages, with far fewer rows in the DOM; child runs nest under their parent', async () => {
    const { page, errors } = await session.newPage();
    const id = await experimentId(session, 'ten-thousand');
    await page.goto(`/experiments/${id}`);
    const table = page.getByRole('table', { name: 'Runs' });
    const scroller = page.getByTestId('runs-scroller');
    await expect.poll(() => table.locator('tbody tr[data-index]').count()).toBeGreaterThan(5);
    expect(await table.getByRole('link', { name: 'run-0', exact: true }).count()).toBe(0);
    // Scrolling to the bottom again and again loads page after page until the oldest run shows.
    await expect
      .poll(
        async () => {
          await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight));
          return table.getByRole('link', { name: 'run-0', exact: true }).count();
        },
        { timeout: 180_000, interval: 250 },
      )
      .toBe(1);
    await expect.poll(() => page.getByText(`${LARGE} runs loaded`).count()).toBe(1);
    // The two children sit under their parent, so the table has 2 fewer top-level rows.
    expect(await table.getAttribute('aria-rowcount')).toBe(String(LARGE - 2 + 1));
    const domRows = await table.locator('tbody tr[data-index]').count();
    expect(domRows).toBeGreaterThan(5);
    expect(domRows).toBeLessThan(200);
    const lastRow = table.locator('tbody tr[data-index]').last();
    expect(await lastRow.getAttribute('data-index')).toBe(String(LARGE - 3));
    expect(await lastRow.getByRole('link').textContent()).toBe('run-0');

    // Back to the top: the parent expands to show its two children, indented, and the URL keeps it.
    await scroller.evaluate((element) => (element.scrollTop = 0));
    const toggle = page.getByRole('button', { name: `Expand child runs of ${parentName}` });
    await expect.poll(() => toggle.count()).toBe(1);
    await toggle.click();
    await expect.poll(() => table.getByRole('link', { name: `run-${LARGE - 2}`, exact: true }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('expanded')).toBeTruthy();
    expect(await table.locator('tbody tr[data-index="1"]').getByRole('link').textContent()).toBe(`run-${LARGE - 2}`);
    await page.reload();
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).getByRole('link', { name: `run-${LARGE - 3}`, exact: true }).count()).toBe(1);
    expect(realErrors(errors)).toEqual([]);
  }, 300_000);

  it('charts a 100,000-point metric history: every page fetched, far fewer points drawn', async () => {
    const { page, errors } = await session.newPage();
    const id = await experimentId(session, 'long-history');
    const [run] = await searchRuns(session, { experiment_ids: [id] });
    await page.goto(`/runs/${run!.info.run_id}`);
    const chart = page.getByRole('figure', { name: 'Chart of loss' });
    await expect.poll(() => chart.locator('canvas').count(), { timeout: 60_000 }).toBe(1);
    expect(await chart.getAttribute('data-points')).toBe(String(HISTORY));
    const drawn = Number(await chart.getAttribute('data-drawn-points'));
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThan(5000);
    const box = await chart.locator('canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(realErrors(errors)).toEqual([]);
  });

  it('previews artifacts by kind: images, CSV and table JSON as tables, text with escapes made visible, too large ones as a download', async () => {
    const { page, errors } = await session.newPage();
    const id = await experimentId(session, 'long-history');
    const [run] = await searchRuns(session, { experiment_ids: [id] });
    await page.goto(`/runs/${run!.info.run_id}`);
    await page.getByRole('button', { name: 'Expand folder images' }).click();
    await page.getByRole('button', { name: 'Preview images/pixel.png' }).click();
    const png = page.getByRole('img', { name: 'Artifact images/pixel.png' });
    await expect.poll(() => png.evaluate(loadedWidth)).toBe(1);
    await page.getByRole('button', { name: 'Preview images/logo.svg' }).click();
    const svg = page.getByRole('img', { name: 'Artifact images/logo.svg' });
    await expect.poll(() => svg.evaluate(loadedWidth)).toBe(20);
    expect(await page.evaluate(() => (globalThis as { svgRan?: boolean }).svgRan)).toBeUndefined();

    await page.getByRole('button', { name: 'Expand folder data' }).click();
    await page.getByRole('button', { name: 'Preview data/rows.csv' }).click();
    const csv = page.getByRole('table', { name: 'Content of data/rows.csv' });
    await expect.poll(() => csv.locator('tbody tr').count()).toBe(200);
    expect(await csv.locator('thead th').allTextContents()).toEqual(['id', 'answer']);
    expect(await csv.locator('tbody tr').nth(3).locator('td').allTextContents()).toEqual(['3', 'says "hi", 3']);

    await page.getByRole('button', { name: 'Preview eval_results_table.json' }).click();
    const table = page.getByRole('table', { name: 'Content of eval_results_table.json' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['What is 2+2?', '1']);

    await page.getByRole('button', { name: 'Preview notes.txt' }).click();
    await expect.poll(() => page.getByLabel('Content of notes.txt').textContent()).toBe('plain ␛[31mred␛[0m text');

    await page.getByRole('button', { name: 'Expand folder big' }).click();
    await page.getByRole('button', { name: 'Preview big/huge.txt' }).click();
    await expect.poll(() => page.getByText(/^Too large to preview/).count()).toBe(1);
    const download = page.getByRole('link', { name: 'Download' });
    const href = (await download.getAttribute('href'))!;
    const response = await fetch(`${session.server.url}${href}`);
    expect(response.status).toBe(200);
    expect((await response.text()).length).toBe(1_500_000);
    expect(new URL(page.url()).searchParams.get('artifact')).toBe('big/huge.txt');
    expect(realErrors(errors)).toEqual([]);
  });

  it("links a run's traces, its dataset inputs and, for an evaluation run, its evaluation", async () => {
    const { page, errors } = await session.newPage();
    const id = await experimentId(session, 'long-history');
    const [run] = await searchRuns(session, { experiment_ids: [id] });
    const runId = run!.info.run_id;
    const { traces = [] } = await apiJson<{ traces?: Array<{ trace_id: string }> }>(session, '/api/assay/v1/traces/search', { experiment_ids: [id], run_id: runId });
    expect(traces.map((trace) => trace.trace_id)).toEqual([LINKED_TRACE_ID]);
    await page.goto(`/runs/${runId}`);
    const linked = page.getByRole('table', { name: 'Linked traces' });
    await expect.poll(() => linked.getByRole('link').count()).toBe(1);
    expect(await linked.getByRole('link').getAttribute('href')).toBe(`/traces/${LINKED_TRACE_ID}`);
    expect(await linked.getByRole('link').textContent()).toBe('answer question');
    const inputs = page.getByRole('table', { name: 'Dataset inputs' });
    expect(await inputs.getByRole('link', { name: 'faq-questions' }).getAttribute('href')).toBe('/datasets/faq-questions');
    expect(await inputs.locator('tbody td').nth(2).textContent()).toBe('eval');
    expect(await page.getByRole('link', { name: 'see its evaluation rows' }).getAttribute('href')).toBe(`/evaluations/${runId}`);
    expect(realErrors(errors)).toEqual([]);
  });
});
