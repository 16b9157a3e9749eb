import { beforeAll, describe, expect, it } from 'vitest';
import { AssayError } from '../../errors/assay-error.js';
import type { Run } from '../../entities/run.js';
import type { SearchRunsInput } from '../../store/run-store.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { NEWEST_FIRST, T, seedRuns, type Seeded } from './search-runs-seed.js';
import { useSharedStore, type CreateStore } from './store-fixture.js';

function namesOf(runs: readonly Run[]): string[] {
  return runs.map((run) => run.info.runName);
}

function idOf(seeded: Seeded, runName: string): string {
  const runId = seeded.ids[runName];
  if (runId === undefined) throw new Error(`no seeded run named ${runName}`);
  return runId;
}

/** Follows next-page tokens to the end; fails on a runaway chain. */
async function collectPages(store: Store, input: SearchRunsInput): Promise<Run[][]> {
  const pages: Run[][] = [];
  let pageToken: string | undefined;
  do {
    const result = await store.searchRuns({ ...input, ...(pageToken === undefined ? {} : { pageToken }) });
    pages.push(result.runs);
    pageToken = result.nextPageToken;
    if (pages.length > 20) throw new Error('searchRuns paging never ended');
  } while (pageToken !== undefined);
  return pages;
}

export function describeSearchRunsContract(createStore: CreateStore): void {
  describe('searchRuns', () => {
    // The read-only tests share one seeded store (the tests that write are in search-runs-after-changes-contract.ts).
    const context = useSharedStore(createStore);
    let seeded: Seeded;

    beforeAll(async () => {
      seeded = await seedRuns(context.store);
    });

    async function search(input: Omit<SearchRunsInput, 'experimentIds'> & { experimentIds?: string[] }): Promise<string[]> {
      const result = await context.store.searchRuns({ experimentIds: [seeded.experimentId], ...input });
      return namesOf(result.runs);
    }

    async function searchSorted(filter: string): Promise<string[]> {
      return (await search({ filter })).sort();
    }

    describe('filters', () => {
      it('without a filter returns every active run', async () => {
        expect(await searchSorted('')).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta']);
        expect((await search({})).sort()).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta']);
      });

      it('metrics.acc > 0.5', async () => {
        expect(await searchSorted('metrics.acc > 0.5')).toEqual(['alpha', 'beta', 'delta']);
      });

      it('metrics.loss <= 0.3 (runs without the metric never match)', async () => {
        expect(await searchSorted('metrics.loss <= 0.3')).toEqual(['alpha', 'beta', 'epsilon']);
      });

      it('metrics.acc = 0.55', async () => {
        expect(await searchSorted('metrics.acc = 0.55')).toEqual(['delta']);
      });

      it("params.model = 'gpt-4o'", async () => {
        expect(await searchSorted("params.model = 'gpt-4o'")).toEqual(['alpha', 'gamma']);
      });

      it('params.model = "claude" with double quotes', async () => {
        expect(await searchSorted('params.model = "claude"')).toEqual(['beta', 'epsilon']);
      });

      it("tags.team LIKE 'ml%'", async () => {
        expect(await searchSorted("tags.team LIKE 'ml%'")).toEqual(['alpha', 'beta', 'delta']);
      });

      it("tags.team ILIKE 'ML-C%' is case-insensitive", async () => {
        expect(await searchSorted("tags.team ILIKE 'ML-C%'")).toEqual(['alpha', 'delta']);
      });

      it("tags.team LIKE 'ML%' is case-sensitive", async () => {
        expect(await searchSorted("tags.team LIKE 'ML%'")).toEqual([]);
      });

      it("attributes.status = 'FINISHED'", async () => {
        expect(await searchSorted("attributes.status = 'FINISHED'")).toEqual(['alpha', 'beta']);
      });

      it("attributes.status != 'RUNNING'", async () => {
        expect(await searchSorted("attributes.status != 'RUNNING'")).toEqual(['alpha', 'beta', 'gamma', 'zeta']);
      });

      it('attributes.run_id IN (...)', async () => {
        const filter = `attributes.run_id IN ('${idOf(seeded, 'alpha')}', '${idOf(seeded, 'gamma')}')`;
        expect(await searchSorted(filter)).toEqual(['alpha', 'gamma']);
      });

      it("attributes.run_name = 'delta'", async () => {
        expect(await searchSorted("attributes.run_name = 'delta'")).toEqual(['delta']);
      });

      it("attributes.run_name LIKE '%ta'", async () => {
        expect(await searchSorted("attributes.run_name LIKE '%ta'")).toEqual(['beta', 'delta', 'zeta']);
      });

      it('attributes.start_time >= a number', async () => {
        expect(await searchSorted(`attributes.start_time >= ${T + 4000}`)).toEqual(['delta', 'epsilon', 'zeta']);
      });

      it('metrics.`f1 score` >= 0.5 with a backticked key', async () => {
        expect(await searchSorted('metrics.`f1 score` >= 0.5')).toEqual(['alpha', 'delta']);
      });

      it("metrics.acc > 0.5 and params.model = 'gpt-4o'", async () => {
        expect(await searchSorted("metrics.acc > 0.5 and params.model = 'gpt-4o'")).toEqual(['alpha']);
      });

      it('three clauses joined by AND', async () => {
        const filter = "metrics.acc > 0.5 AND params.model = 'claude' AND tags.team = 'ml-eval'";
        expect(await searchSorted(filter)).toEqual(['beta']);
      });

      it('OR of two clauses', async () => {
        expect(await searchSorted("params.model = 'llama' OR tags.team = 'web'")).toEqual(['delta', 'epsilon', 'gamma']);
      });

      it('parentheses group an OR inside an AND', async () => {
        const filter = "(params.model = 'claude' OR params.model = 'gpt-4o') AND metrics.acc > 0.5";
        expect(await searchSorted(filter)).toEqual(['alpha', 'beta']);
      });

      it('AND binds tighter than OR', async () => {
        const filter = "params.model = 'claude' OR params.model = 'gpt-4o' AND metrics.acc > 0.5";
        expect(await searchSorted(filter)).toEqual(['alpha', 'beta', 'epsilon']);
      });

      it('a filter that matches nothing returns no runs and no token', async () => {
        const result = await context.store.searchRuns({ experimentIds: [seeded.experimentId], filter: 'metrics.acc > 100' });
        expect(result.runs).toEqual([]);
        expect(result.nextPageToken).toBeUndefined();
      });
    });

    describe('quoting is literal', () => {
      it("a string value containing ' OR 1=1 -- matches nothing and does not fail", async () => {
        expect(await search({ filter: `params.model = "' OR 1=1 --"` })).toEqual([]);
        expect(await search({ filter: `tags.team = "ml-core' OR '1'='1"` })).toEqual([]);
        expect(await search({ filter: `attributes.run_name = "alpha' OR run_name IS NOT NULL --"` })).toEqual([]);
      });

      it('a key with SQL in backticks matches nothing or is rejected, never everything', async () => {
        let names: string[] = [];
        try {
          names = await search({ filter: 'metrics.`acc) OR (1=1` > 0' });
        } catch (error) {
          expect(AssayError.isInstance(error)).toBe(true);
        }
        expect(names).toEqual([]);
      });
    });

    describe('errors', () => {
      it.each(['metrics.acc >', 'metrics.acc > 0.5 and', "(params.model = 'x'", 'metrics.acc 0.5'])(
        'a syntax error in %j is INVALID_PARAMETER_VALUE with its column',
        async (filter) => {
          await expectAssayError(
            () => context.store.searchRuns({ experimentIds: [seeded.experimentId], filter }),
            'INVALID_PARAMETER_VALUE',
            'column',
          );
        },
      );

      it('an unknown entity type is rejected', async () => {
        await expectAssayError(
          () => context.store.searchRuns({ experimentIds: [seeded.experimentId], filter: "colour.key = 'x'" }),
          'INVALID_PARAMETER_VALUE',
        );
      });

      it('an unquoted param value is rejected', async () => {
        await expectAssayError(
          () => context.store.searchRuns({ experimentIds: [seeded.experimentId], filter: 'params.model = 4' }),
          'INVALID_PARAMETER_VALUE',
        );
      });

      it('an invalid order_by is rejected', async () => {
        await expectAssayError(
          () => context.store.searchRuns({ experimentIds: [seeded.experimentId], orderBy: ['metrics.acc SIDEWAYS'] }),
          'INVALID_PARAMETER_VALUE',
        );
      });

      it('an unreadable page token is rejected', async () => {
        await expectAssayError(
          () => context.store.searchRuns({ experimentIds: [seeded.experimentId], pageToken: 'not-a-token' }),
          'INVALID_PARAMETER_VALUE',
        );
      });

      it.each([0, 50_001])('maxResults %d is rejected', async (maxResults) => {
        await expectAssayError(
          () => context.store.searchRuns({ experimentIds: [seeded.experimentId], maxResults }),
          'INVALID_PARAMETER_VALUE',
        );
      });
    });

    describe('order', () => {
      it('defaults to start_time DESC', async () => {
        expect(await search({})).toEqual(NEWEST_FIRST);
      });

      it('attributes.start_time ASC', async () => {
        expect(await search({ orderBy: ['attributes.start_time ASC'] })).toEqual([...NEWEST_FIRST].reverse());
      });

      it('metrics.acc DESC puts runs without the metric last', async () => {
        expect(await search({ orderBy: ['metrics.acc DESC'] })).toEqual(['alpha', 'beta', 'delta', 'gamma', 'zeta', 'epsilon']);
      });

      it('metrics.acc ASC also puts runs without the metric last', async () => {
        expect(await search({ orderBy: ['metrics.acc ASC'] })).toEqual(['zeta', 'gamma', 'delta', 'beta', 'alpha', 'epsilon']);
      });

      it('params.model ASC puts runs without the param last', async () => {
        const result = await context.store.searchRuns({ experimentIds: [seeded.experimentId], orderBy: ['params.model ASC'] });
        expect(result.runs.map((run) => run.data.params['model'])).toEqual([
          'claude',
          'claude',
          'gpt-4o',
          'gpt-4o',
          'llama',
          undefined,
        ]);
      });

      it('several order_by clauses apply in turn', async () => {
        expect(await search({ orderBy: ['params.model ASC', 'attributes.start_time ASC'] })).toEqual([
          'beta',
          'epsilon',
          'alpha',
          'gamma',
          'delta',
          'zeta',
        ]);
      });

      it('orders by a backticked metric key', async () => {
        const names = await search({ filter: 'metrics.`f1 score` > 0', orderBy: ['metrics.`f1 score` DESC'] });
        expect(names).toEqual(['alpha', 'delta', 'beta']);
      });
    });

    describe('paging', () => {
      it('maxResults 4 gives a page of 4 with a token, then the last 2 without one', async () => {
        const pages = await collectPages(context.store, { experimentIds: [seeded.experimentId], maxResults: 4 });
        expect(pages.map(namesOf)).toEqual([NEWEST_FIRST.slice(0, 4), NEWEST_FIRST.slice(4)]);
      });

      it('maxResults 2 chains three pages: complete, in order, without duplicates', async () => {
        const pages = await collectPages(context.store, { experimentIds: [seeded.experimentId], maxResults: 2 });
        expect(pages.map((runs) => runs.length)).toEqual([2, 2, 2]);
        const ids = pages.flat().map((run) => run.info.runId);
        expect(new Set(ids).size).toBe(6);
        expect(pages.flat().map((run) => run.info.runName)).toEqual(NEWEST_FIRST);
      });

      it('paging keeps the filter and order_by', async () => {
        const pages = await collectPages(context.store, {
          experimentIds: [seeded.experimentId],
          filter: 'metrics.acc >= 0.1',
          orderBy: ['metrics.acc DESC'],
          maxResults: 2,
        });
        expect(pages.map(namesOf)).toEqual([['alpha', 'beta'], ['delta', 'gamma'], ['zeta']]);
      });

      it('a page of 1 walks every run once', async () => {
        const pages = await collectPages(context.store, { experimentIds: [seeded.experimentId], maxResults: 1 });
        expect(pages.map(namesOf)).toEqual(NEWEST_FIRST.map((name) => [name]));
      });
    });

    describe('results', () => {
      it('runs carry their params, latest metrics and tags', async () => {
        const result = await context.store.searchRuns({
          experimentIds: [seeded.experimentId],
          filter: "attributes.run_name = 'alpha'",
        });
        expect(result.runs).toHaveLength(1);
        const [alpha] = result.runs;
        expect(alpha?.info.runId).toBe(idOf(seeded, 'alpha'));
        expect(alpha?.info.experimentId).toBe(seeded.experimentId);
        expect(alpha?.info.status).toBe('FINISHED');
        expect(alpha?.info.startTime).toBe(T + 1000);
        expect(alpha?.info.endTime).toBe(T + 1500);
        expect(alpha?.info.lifecycleStage).toBe('active');
        expect(alpha?.data.params).toEqual({ model: 'gpt-4o' });
        expect(alpha?.data.metrics).toEqual({ acc: 0.9, loss: 0.1, 'f1 score': 0.7 });
        expect(alpha?.data.tags).toMatchObject({ team: 'ml-core' });
      });

      it('a searched run equals the same run from getRun', async () => {
        const result = await context.store.searchRuns({ experimentIds: [seeded.experimentId] });
        for (const run of result.runs) {
          expect(run).toEqual(await context.store.getRun({ runId: run.info.runId }));
        }
      });
    });
  });
}
