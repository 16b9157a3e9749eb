import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, PackedSpanRowsReader, packSpans, type Span } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { orderSpans } from './order-spans.js';
import { appendSpanRows, insertSpanRows } from './span-to-rows.js';

const TRACE_ID = `tr-${'a'.repeat(32)}`;

function span(id: string, overrides: Partial<Span> = {}): Span {
  return {
    traceId: TRACE_ID,
    spanId: id.padStart(16, '0'),
    name: `span-${id}`,
    spanType: 'UNKNOWN',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    status: { code: 'UNSET' },
    attributes: {},
    events: [],
    ...overrides,
  };
}

const child = (id: string, parent: string, overrides: Partial<Span> = {}): Span => span(id, { parentSpanId: parent.padStart(16, '0'), ...overrides });

describe('appendSpanRows', () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await DuckDbStore.open({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('fills every column of the spans table from packed rows, over several data chunks, nulls and escaped text included', async () => {
    const hostile = 'line\nbreak \u001e \u001f \u0001 "quoted" 😀';
    const spans = Array.from({ length: 5000 }, (_, index) =>
      index % 2 === 0
        ? span(String(index + 1), { name: hostile, status: { code: 'ERROR', message: hostile }, attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { text: hostile } } })
        : child(String(index + 1), '1', { startTimeUnixNano: String(1700000000000000000n + BigInt(index)), endTimeUnixNano: undefined }),
    );
    for (const entry of spans) if (entry.endTimeUnixNano === undefined) delete entry.endTimeUnixNano;
    const reader = PackedSpanRowsReader.read(packSpans(spans));
    const costs = new Float64Array(reader.count * 3).fill(Number.NaN);
    costs.set([0.5, 0.25, 0.75], 0);
    // Every other row, to check that chosen rows are written in order.
    const rows = Int32Array.from({ length: 2500 }, (_, index) => index * 2 + 1);
    await store.exclusive(async (connection) => {
      const appender = await connection.createAppender('spans');
      appendSpanRows(appender, reader, { costs });
      appendSpanRows(appender, reader, { costs, rows });
      appender.closeSync();
    });
    const stored = (await store.sql({ query: 'SELECT count(*), count(end_time_ns), count(parent_span_id), count(total_cost) FROM spans' })).rows;
    expect(stored).toEqual([[7500, 2500, 5000, 1]]);
    const first = (
      await store.sql({
        query: `SELECT name, status_code, status_message, inputs, input_cost, output_cost, total_cost, start_time_ns::VARCHAR FROM spans WHERE span_id = '${'1'.padStart(16, '0')}'`,
      })
    ).rows;
    expect(first).toEqual([[hostile, 'ERROR', hostile, JSON.stringify({ text: hostile }), 0.5, 0.25, 0.75, '1700000000000000000']]);
    const open = (await store.sql({ query: `SELECT parent_span_id, end_time_ns, start_time_ns::VARCHAR, inputs FROM spans WHERE span_id = '${'5000'.padStart(16, '0')}'` })).rows;
    expect(open).toEqual([
      ['1'.padStart(16, '0'), null, '1700000000000004999', null],
      ['1'.padStart(16, '0'), null, '1700000000000004999', null],
    ]);
    const { spans: read } = await store.getTrace({ traceId: TRACE_ID }).catch(() => ({ spans: [] as Span[] }));
    expect(read).toEqual([]); // span rows alone make no trace: the writer adds its summary
  });

  it('stores the same rows when DuckDB splits the rows text itself, priced or not', async () => {
    const hostile = 'line\nbreak \u001e \u001f \u0001 "quoted" 😀 lone \ud800 end';
    const spans = [
      span('1', { name: hostile, status: { code: 'ERROR', message: hostile }, attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { text: hostile }, [ASSAY_ATTRIBUTES.spanOutputs]: 'done' } }),
      child('2', '1', { name: '', status: { code: 'OK', message: '' }, endTimeUnixNano: undefined }),
      child('3', '1', { name: '"starts with a quote"', attributes: { 'input.value': 'plain\ttext', 'output.value': 'plain' } }),
    ];
    delete spans[1]!.endTimeUnixNano;
    const packed = packSpans(spans);
    const reader = PackedSpanRowsReader.read(packed);
    const costs = new Float64Array(reader.count * 3).fill(Number.NaN);
    costs.set([0.5, 0.25, 0.75], 6);
    const read = async (): Promise<unknown[][]> =>
      (await store.sql({ query: `SELECT ${['trace_id', 'span_id', 'parent_span_id', 'name', 'span_type', 'start_time_ns::VARCHAR', 'end_time_ns::VARCHAR', 'status_code', 'status_message', 'attributes', 'events', 'inputs', 'outputs', 'input_cost', 'output_cost', 'total_cost'].join(', ')} FROM spans ORDER BY span_id` })).rows;
    await store.exclusive(async (connection) => {
      const appender = await connection.createAppender('spans');
      appendSpanRows(appender, reader, { costs });
      appender.closeSync();
    });
    const fromChunks = await read();
    await store.exclusive((connection) => connection.run('DELETE FROM spans').then(() => undefined));
    await store.exclusive((connection) => insertSpanRows(connection, packed, costs));
    expect(await read()).toEqual(fromChunks);
    expect(fromChunks.map((row) => [row[3], row[8], row[11], row[12], row[15]])).toEqual([
      [hostile.replace('\ud800', '\ufffd'), hostile.replace('\ud800', '\ufffd'), JSON.stringify({ text: hostile }), '"done"', null],
      ['', '', null, null, null],
      ['"starts with a quote"', null, 'plain\ttext', 'plain', 0.75],
    ]);
    await store.exclusive((connection) => connection.run('DELETE FROM spans').then(() => undefined));
    await store.exclusive((connection) => insertSpanRows(connection, packed, new Float64Array(9).fill(Number.NaN)));
    expect((await read()).map((row) => row[15])).toEqual([null, null, null]);
  });

  it('orders spans parents first, siblings by start time', () => {
    const spans = [
      child('3', '1', { startTimeUnixNano: '3' }),
      child('4', '2', { startTimeUnixNano: '4' }),
      child('2', '1', { startTimeUnixNano: '2' }),
      span('1', { startTimeUnixNano: '5' }),
    ];
    expect(orderSpans(spans).map((item) => item.spanId.replace(/^0+/u, ''))).toEqual(['1', '2', '4', '3']);
  });
});
