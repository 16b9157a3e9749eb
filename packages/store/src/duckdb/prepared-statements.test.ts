import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle } from './open-duckdb.js';
import { MAX_SEARCH_STATEMENTS, readSearchPrepared } from './prepared-statements.js';

describe('readSearchPrepared (search statements kept prepared, least recently used dropped)', () => {
  let handle: DuckDbHandle;
  beforeEach(async () => {
    handle = await openDuckDb({ path: ':memory:' });
    await handle.connection.run('CREATE TABLE t AS SELECT range AS n FROM range(100)');
  });
  afterEach(() => handle.closeSync());

  /** A search of its own text: `n` below `bound` and a multiple of `divisor`. */
  const search = async (divisor: number, bound: number) =>
    (await readSearchPrepared(handle.connection, `SELECT n FROM t WHERE n < $1 AND n % ${divisor} = 0 ORDER BY n`, [bound])).getRows().map(([n]) => Number(n));
  const expected = (divisor: number, bound: number) => Array.from({ length: 100 }, (_, n) => n).filter((n) => n < bound && n % divisor === 0);

  it('answers each text with its own values, also after more texts than it keeps', async () => {
    const texts = MAX_SEARCH_STATEMENTS + 10;
    for (let divisor = 1; divisor <= texts; divisor += 1) expect(await search(divisor, 50)).toEqual(expected(divisor, 50));
    // The first texts were dropped and are prepared again; the last ones are still kept; new values bind each time.
    for (const divisor of [1, 2, texts, texts - 1]) expect(await search(divisor, 90)).toEqual(expected(divisor, 90));
  });

  it('reports a statement that cannot be prepared, and goes on', async () => {
    await expect(readSearchPrepared(handle.connection, 'SELECT missing FROM t')).rejects.toThrow(/missing/u);
    expect(await search(10, 100)).toEqual(expected(10, 100));
  });
});
