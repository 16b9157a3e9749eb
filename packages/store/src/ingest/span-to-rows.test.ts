import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, PackedSpanRowsReader, packSpans, type Span } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { orderSpans } from './order-spans.js';
import { insertSpanRows } from './span-to-rows.js';

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

const COLUMNS = ['trace_id', 'span_id', 'parent_span_id', 'name', 'span_type', 'start_time_ns::VARCHAR', 'end_time_ns::VARCHAR', 'status_code', 'status_message', 'attributes', 'events', 'inputs', 'outputs', 'input_cost', 'output_cost', 'total_cost'];

describe('insertSpanRows', () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await DuckDbStore.open({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  const read = async (): Promise<unknown[][]> => (await store.sql({ query: `SELECT ${COLUMNS.join(', ')} FROM spans ORDER BY span_id` })).rows;
  const insert = async (reader: PackedSpanRowsReader, options: Omit<Parameters<typeof insertSpanRows>[2], 'costs'> & { costs?: Float64Array }): Promise<unknown[][]> => {
    await store.exclusive(async (connection) => {
      await connection.run('DELETE FROM spans');
      await insertSpanRows(connection, reader, { costs: options.costs ?? new Float64Array(reader.count * 3).fill(Number.NaN), ...options });
    });
    return read();
  };

  it('stores the same rows whether DuckDB gets the batch as one string or row by row, hostile text, nulls and costs included', async () => {
    const hostile = 'line\nbreak \u001e \u001f \u0001 "quoted" 😀 lone \ud800 end';
    const spans = [
      span('1', { name: hostile, status: { code: 'ERROR', message: hostile }, attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { text: hostile }, [ASSAY_ATTRIBUTES.spanOutputs]: 'done' } }),
      child('2', '1', { name: '', status: { code: 'OK', message: '' }, endTimeUnixNano: undefined }),
      child('3', '1', { name: '"starts with a quote"', attributes: { 'input.value': 'plain\ttext', 'output.value': 'plain' } }),
    ];
    delete spans[1]!.endTimeUnixNano;
    const reader = PackedSpanRowsReader.read(packSpans(spans));
    const costs = new Float64Array(reader.count * 3).fill(Number.NaN);
    costs.set([0.5, 0.25, 0.75], 6);
    const asBatch = await insert(reader, { costs, as: 'batch' });
    expect(await insert(reader, { costs, as: 'rows' })).toEqual(asBatch);
    const wellFormed = hostile.replace('\ud800', '\ufffd');
    expect(asBatch).toEqual([
      [TRACE_ID, spans[0]!.spanId, null, wellFormed, 'UNKNOWN', '1700000000000000000', '1700000000250000000', 'ERROR', wellFormed, JSON.stringify(spans[0]!.attributes), '[]', JSON.stringify({ text: hostile }), '"done"', null, null, null],
      [TRACE_ID, spans[1]!.spanId, spans[0]!.spanId, '', 'UNKNOWN', '1700000000000000000', null, 'OK', '', '{}', '[]', null, null, null, null, null],
      [TRACE_ID, spans[2]!.spanId, spans[0]!.spanId, '"starts with a quote"', 'UNKNOWN', '1700000000000000000', '1700000000250000000', 'UNSET', null, JSON.stringify(spans[2]!.attributes), '[]', 'plain\ttext', 'plain', 0.5, 0.25, 0.75],
    ]);
    // A subset of the rows goes row by row; unpriced batches skip the costs.
    expect(await insert(reader, { costs, rows: Int32Array.from([0, 2]) })).toEqual([asBatch[0], asBatch[2]]);
    expect((await insert(reader, { as: 'batch' })).map((row) => row[15])).toEqual([null, null, null]);
  });

  it('picks the way by row size, over many rows', async () => {
    const small = PackedSpanRowsReader.read(packSpans(Array.from({ length: 3000 }, (_, index) => child(String(index + 2), '1'))));
    const large = PackedSpanRowsReader.read(packSpans(Array.from({ length: 3000 }, (_, index) => child(String(index + 2), '1', { attributes: { [ASSAY_ATTRIBUTES.spanInputs]: 'x'.repeat(2000) } }))));
    const costs = new Float64Array(3000 * 3).fill(Number.NaN);
    costs.set([1, 2, 3], 2999 * 3);
    for (const reader of [small, large]) {
      const rows = await insert(reader, { costs });
      expect(rows).toHaveLength(3000);
      expect(rows.at(-1)!.slice(13)).toEqual([1, 2, 3]);
    }
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
