import { describe, expect, it } from 'vitest';
import type { Span } from '../../entities/trace.js';
import type { SpanEncoding } from '../../tracing/span-encoding.js';
import { AI_SDK_ATTRIBUTES, ASSAY_ATTRIBUTES, OPENINFERENCE_ATTRIBUTES } from '../../tracing/attribute-keys.js';
import { packSpans } from '../../tracing/packed-span-rows-builder.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';
import { T, agentTrace, makeSpan, nanoseconds, searchIds, spanId, traceId } from './trace-fixtures.js';

/** Registers the trace tests: logSpans, getTrace, searchTraces, deleteTraces and trace tags. */
export function describeTracesContract(createStore: CreateStore): void {
  describe('traces', () => {
    const fixture = useFreshStore(createStore);

    it('round-trips spans through getTrace, parents first, with attributes and events decoded', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const spans = agentTrace(1, T);
      await store.logSpans({ experimentId, spans: [spans[2]!, spans[3]!, spans[0]!, spans[1]!] });
      const trace = await store.getTrace({ traceId: traceId(1) });
      expect(trace.spans.map((span) => [span.spanId, span.parentSpanId, span.spanType])).toEqual([
        [spanId(1), undefined, 'AGENT'],
        [spanId(2), spanId(1), 'LLM'],
        [spanId(4), spanId(2), 'CHAT_MODEL'],
        [spanId(3), spanId(1), 'TOOL'],
      ]);
      expect(trace.spans).toEqual([spans[0], spans[1], spans[3], spans[2]]);
      expect(trace.spans[3]?.events[0]?.attributes).toEqual({ 'exception.message': 'not found' });
    });

    it('gives spans of other conventions the inputs and outputs mapped from them, keeping the attributes they have', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      // OpenInference's values (JSON text and plain text), the AI SDK's tool call, and a span with Assay's own outputs beside OpenInference's input.
      const openInference = { [OPENINFERENCE_ATTRIBUTES.inputValue]: '{"question":"Where is my refund?"}', [OPENINFERENCE_ATTRIBUTES.outputValue]: 'On its way.' };
      const aiSdk = {
        [AI_SDK_ATTRIBUTES.operationId]: 'ai.toolCall',
        [AI_SDK_ATTRIBUTES.toolCallName]: 'get_weather',
        [AI_SDK_ATTRIBUTES.toolCallArgs]: '{"city":"Paris"}',
        [AI_SDK_ATTRIBUTES.toolCallResult]: '{"temperature":21}',
      };
      const mixed = { [OPENINFERENCE_ATTRIBUTES.inputValue]: 'asked', [ASSAY_ATTRIBUTES.spanOutputs]: { answer: 'kept' } };
      await store.logSpans({
        experimentId,
        spans: [
          makeSpan({ trace: 1, span: 1, name: 'chain', start: T, end: T + 30, attributes: openInference }),
          makeSpan({ trace: 1, span: 2, parent: 1, name: 'ai.toolCall get_weather', start: T + 5, end: T + 10, attributes: aiSdk }),
          makeSpan({ trace: 1, span: 3, parent: 1, name: 'mixed', start: T + 10, end: T + 20, attributes: mixed }),
        ],
      });
      const { spans } = await store.getTrace({ traceId: traceId(1) });
      expect(spans.map((span) => span.attributes)).toEqual([
        { ...openInference, [ASSAY_ATTRIBUTES.spanInputs]: { question: 'Where is my refund?' }, [ASSAY_ATTRIBUTES.spanOutputs]: 'On its way.' },
        { ...aiSdk, [ASSAY_ATTRIBUTES.spanInputs]: { city: 'Paris' }, [ASSAY_ATTRIBUTES.spanOutputs]: { temperature: 21 } },
        { ...mixed, [ASSAY_ATTRIBUTES.spanInputs]: 'asked' },
      ]);
    });

    it('stores spans given with their producer\'s encodings as it stores them without', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      // The encoded form of each attribute: its JSON text, as the tracer's spans carry them.
      const encode = (span: Span): SpanEncoding => ({
        attributes: Object.fromEntries(Object.entries(span.attributes).map(([key, value]) => [key, JSON.stringify(value)])),
        jsonKeys: Object.keys(span.attributes),
      });
      await store.logSpans({ experimentId, spans: agentTrace(1, T) });
      const encoded = agentTrace(2, T);
      const encodings = encoded.map((span, index) => (index === 1 ? undefined : encode(span)));
      // JSON-text keys may be left to the encoding: payloads, token usage and the trace's tags among them.
      const partial = encoded.map((span, index) => {
        if (index === 1) return span;
        const { [ASSAY_ATTRIBUTES.spanInputs]: _inputs, [ASSAY_ATTRIBUTES.spanOutputs]: _outputs, [ASSAY_ATTRIBUTES.tokenUsage]: _usage, [ASSAY_ATTRIBUTES.traceTags]: _tags, ...rest } =
          span.attributes;
        return { ...span, attributes: rest };
      });
      await store.logSpans({ experimentId, spans: partial, encodings });
      // Or every attribute may be left to the encoding (Assay's tracer does so): primitives as they are, the rest as JSON text.
      const bare = agentTrace(3, T);
      const bareEncodings = bare.map((span): SpanEncoding => {
        const entries = Object.entries(span.attributes);
        const isPrimitive = (value: unknown): boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
        return {
          attributes: Object.fromEntries(entries.map(([key, value]) => [key, isPrimitive(value) ? value : JSON.stringify(value)])),
          jsonKeys: entries.filter(([, value]) => !isPrimitive(value)).map(([key]) => key),
        };
      });
      await store.logSpans({ experimentId, spans: bare.map((span) => ({ ...span, attributes: {} })), encodings: bareEncodings });
      const plain = await store.getTrace({ traceId: traceId(1) });
      for (const index of [2, 3]) {
        const fromEncodings = await store.getTrace({ traceId: traceId(index) });
        expect({ ...fromEncodings.info, traceId: traceId(1) }).toEqual(plain.info);
        expect(fromEncodings.spans.map((span) => ({ ...span, traceId: traceId(1) }))).toEqual(plain.spans);
      }
      const found = await store.searchTraces({ experimentIds: [experimentId], filter: "trace.text ILIKE '%refund%'" });
      expect(found.traces.map((trace) => trace.traceId).sort()).toEqual([traceId(1), traceId(2), traceId(3)]);
    });

    it('stores spans given as packed rows as it stores span objects, and rejects malformed rows writing nothing', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      await store.logSpans({ experimentId, spans: agentTrace(1, T) });
      await store.logSpans({ experimentId, packed: packSpans(agentTrace(2, T)) });
      const plain = await store.getTrace({ traceId: traceId(1) });
      const packed = await store.getTrace({ traceId: traceId(2) });
      expect({ ...packed.info, traceId: traceId(1) }).toEqual(plain.info);
      expect(packed.spans.map((span) => ({ ...span, traceId: traceId(1) }))).toEqual(plain.spans);
      const broken = packSpans([makeSpan({ trace: 3, span: 1, start: T, end: T + 1 }), { ...makeSpan({ trace: 3, span: 2, start: T, end: T + 1 }), spanId: 'nope' }]);
      await expectAssayError(() => store.logSpans({ experimentId, packed: broken }), 'INVALID_PARAMETER_VALUE', 'packed.rows[1].spanId');
      await expectAssayError(() => store.getTrace({ traceId: traceId(3) }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('counts usage once when a child with usage is stored before its parent with usage', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const [root, llm, tool, retry] = agentTrace(1, T);
      await store.logSpans({ experimentId, spans: [retry!] });
      expect((await store.getTrace({ traceId: traceId(1) })).info.tokenUsage).toEqual({ inputTokens: 7, outputTokens: 7, totalTokens: 14 });
      await store.logSpans({ experimentId, packed: packSpans([llm!]) });
      await store.logSpans({ experimentId, spans: [tool!, root!] });
      expect((await store.getTrace({ traceId: traceId(1) })).info.tokenUsage).toEqual({ inputTokens: 13, outputTokens: 6, totalTokens: 19 });
    });

    it('rejects encodings that do not line up with the spans, writing nothing', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const span = makeSpan({ trace: 1, span: 1, start: T, end: T + 1, attributes: { count: 1 } });
      await expectAssayError(() => store.logSpans({ experimentId, spans: [span], encodings: [] }), 'INVALID_PARAMETER_VALUE', 'encodings must be a list as long as spans');
      await expectAssayError(
        () => store.logSpans({ experimentId, spans: [span], encodings: [{ attributes: { count: 1 }, jsonKeys: ['count'] }] }),
        'INVALID_PARAMETER_VALUE',
        'encodings[0].jsonKeys',
      );
      await expectAssayError(() => store.getTrace({ traceId: traceId(1) }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('summarizes a trace from its root span and the nested token usage rule', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const run = await store.createRun({ experimentId });
      await store.logSpans({ experimentId, spans: agentTrace(1, T, { runId: run.info.runId, error: true }) });
      const { info } = await store.getTrace({ traceId: traceId(1) });
      expect(info).toEqual({
        traceId: traceId(1),
        experimentId,
        runId: run.info.runId,
        name: 'agent',
        requestTime: T,
        executionDurationMs: 250,
        state: 'ERROR',
        requestPreview: '{"question":"Where is my refund?"}',
        responsePreview: '"It is on its way."',
        tokenUsage: { inputTokens: 13, outputTokens: 6, totalTokens: 19 },
        sessionId: 'session-1',
        userId: 'ada',
        tags: { env: 'prod' },
        metadata: { version: '2' },
        assessments: [],
      });
    });

    it('gives the same summary when the children arrive before the root, and is IN_PROGRESS until then', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const spans = agentTrace(1, T);
      await store.logSpans({ experimentId, spans: agentTrace(2, T) });
      await store.logSpans({ experimentId, spans: [spans[1]!, spans[2]!, spans[3]!] });
      const partial = await store.getTrace({ traceId: traceId(1) });
      expect(partial.info.state).toBe('IN_PROGRESS');
      expect(partial.info.requestTime).toBe(T + 10);
      await store.logSpans({ experimentId, spans: [spans[0]!] });
      const whole = await store.getTrace({ traceId: traceId(1) });
      const together = await store.getTrace({ traceId: traceId(2) });
      expect(whole.info).toEqual({ ...together.info, traceId: traceId(1) });
      expect(whole.spans).toHaveLength(4);
    });

    it('replaces a re-sent span', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const open = makeSpan({ trace: 1, span: 1, name: 'root', start: T });
      await store.logSpans({ experimentId, spans: [open] });
      expect((await store.getTrace({ traceId: traceId(1) })).info.state).toBe('IN_PROGRESS');
      await store.logSpans({ experimentId, spans: [{ ...open, endTimeUnixNano: nanoseconds(T + 5), name: 'renamed' }] });
      const trace = await store.getTrace({ traceId: traceId(1) });
      expect(trace.spans.map((span) => span.name)).toEqual(['renamed']);
      expect(trace.info).toMatchObject({ state: 'OK', name: 'renamed', executionDurationMs: 5 });
    });

    it('throws NotFoundError for unknown traces and experiments', async () => {
      const { store } = fixture;
      await expectAssayError(() => store.getTrace({ traceId: traceId(404) }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => store.setTraceTag({ traceId: traceId(404), key: 'k', value: 'v' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => store.deleteTraceTag({ traceId: traceId(404), key: 'k' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => store.logSpans({ experimentId: '987654', spans: agentTrace(1, T) }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('rejects invalid spans with INVALID_PARAMETER_VALUE naming the field, writing nothing', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const valid = makeSpan({ trace: 1, span: 1, start: T, end: T + 1 });
      await expectAssayError(() => store.logSpans({ experimentId, spans: [valid, { ...valid, traceId: 'tr-xyz' }] }), 'INVALID_PARAMETER_VALUE', 'spans[1].traceId');
      await expectAssayError(() => store.logSpans({ experimentId, spans: [{ ...valid, spanId: 'abc' }] }), 'INVALID_PARAMETER_VALUE', 'spans[0].spanId');
      await expectAssayError(
        () => store.logSpans({ experimentId, spans: [{ ...valid, spanType: 'BOGUS' as Span['spanType'] }] }),
        'INVALID_PARAMETER_VALUE',
        'spans[0].spanType',
      );
      await expectAssayError(
        () => store.logSpans({ experimentId, spans: [{ ...valid, startTimeUnixNano: '1.5e18' }] }),
        'INVALID_PARAMETER_VALUE',
        'spans[0].startTimeUnixNano',
      );
      await expectAssayError(() => store.getTrace({ traceId: traceId(1) }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('searches by trace fields (session and user too), spans, tags, metadata and text, with OR and parentheses', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const run = await store.createRun({ experimentId });
      await store.logSpans({ experimentId, spans: agentTrace(1, T, { error: true }) });
      await store.logSpans({ experimentId, spans: agentTrace(2, T + 1000, { runId: run.info.runId }) });
      await store.logSpans({
        experimentId,
        spans: [
          makeSpan({
            trace: 3,
            span: 1,
            name: 'summarize',
            type: 'CHAIN',
            start: T + 2000,
            end: T + 2010,
            attributes: {
              [ASSAY_ATTRIBUTES.spanInputs]: 'a long text',
              [ASSAY_ATTRIBUTES.traceMetadata]: { version: '3' },
              [ASSAY_ATTRIBUTES.sessionId]: 'session-2',
              [ASSAY_ATTRIBUTES.userId]: 'bob',
            },
          }),
        ],
      });
      await store.setTraceTag({ traceId: traceId(3), key: 'reviewed', value: 'yes' });
      const [one, two, three] = [traceId(1), traceId(2), traceId(3)];

      expect(await searchIds(store, experimentId)).toEqual([three, two, one]);
      expect(await searchIds(store, experimentId, "trace.status = 'ERROR'")).toEqual([one]);
      expect(await searchIds(store, experimentId, 'trace.execution_time_ms > 100')).toEqual([two, one]);
      expect(await searchIds(store, experimentId, "span.type = 'TOOL'")).toEqual([two, one]);
      expect(await searchIds(store, experimentId, "span.name LIKE 'lookup%'")).toEqual([two, one]);
      expect(await searchIds(store, experimentId, "span.attributes.llm.model LIKE 'gpt-%'")).toEqual([two, one]);
      expect(await searchIds(store, experimentId, "tags.reviewed = 'yes'")).toEqual([three]);
      expect(await searchIds(store, experimentId, "tags.env = 'prod'")).toEqual([two, one]);
      expect(await searchIds(store, experimentId, "metadata.version = '3'")).toEqual([three]);
      expect(await searchIds(store, experimentId, "trace.text ILIKE '%REFUND%'")).toEqual([two, one]);
      expect(await searchIds(store, experimentId, `trace.run_id = '${run.info.runId}'`)).toEqual([two]);
      expect(await searchIds(store, experimentId, "trace.session_id = 'session-1'")).toEqual([two, one]);
      expect(await searchIds(store, experimentId, "trace.session_id LIKE 'session-%' and trace.user_id != 'ada'")).toEqual([three]);
      expect(await searchIds(store, experimentId, "trace.user_id IN ('ada') and trace.status = 'ERROR'")).toEqual([one]);
      expect(await searchIds(store, experimentId, "(trace.status = 'ERROR' or tags.reviewed = 'yes') and trace.name != 'x'")).toEqual([three, one]);
      expect((await store.searchTraces({ experimentIds: [experimentId], runId: run.info.runId })).traces.map((trace) => trace.traceId)).toEqual([two]);

      await store.deleteTraceTag({ traceId: traceId(3), key: 'reviewed' });
      expect(await searchIds(store, experimentId, "tags.reviewed = 'yes'")).toEqual([]);
    });

    it('treats quotes and SQL in span attribute keys and values as plain text', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      const hostile = `k'"); DROP TABLE spans; --`;
      await store.logSpans({ experimentId, spans: [makeSpan({ trace: 1, span: 1, start: T, end: T + 1, attributes: { [hostile]: "v' OR 1=1 --" } })] });
      expect(await searchIds(store, experimentId, `span.attributes.\`${hostile}\` LIKE 'v'' OR 1=1 --'`)).toEqual([traceId(1)]);
      expect(await searchIds(store, experimentId, `span.attributes.\`${hostile}\` LIKE 'v'`)).toEqual([]);
      expect(await searchIds(store, experimentId, "span.attributes.k LIKE '%' OR trace.name = 'x'")).toEqual([]);
      expect(await searchIds(store, experimentId, "span.attributes.`a/b~c` LIKE '%'")).toEqual([]);
      expect((await store.getTrace({ traceId: traceId(1) })).spans).toHaveLength(1);
    });

    it('orders and pages', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      for (let index = 1; index <= 5; index++) {
        await store.logSpans({ experimentId, spans: [makeSpan({ trace: index, span: 1, start: T + index * 1000, end: T + index * 1000 + (6 - index) * 10 })] });
      }
      expect(await searchIds(store, experimentId, undefined, ['execution_time_ms ASC'])).toEqual([5, 4, 3, 2, 1].map(traceId));
      expect(await searchIds(store, experimentId, undefined, ['timestamp_ms ASC'])).toEqual([1, 2, 3, 4, 5].map(traceId));
      const first = await store.searchTraces({ experimentIds: [experimentId], maxResults: 2 });
      const second = await store.searchTraces({ experimentIds: [experimentId], maxResults: 2, pageToken: first.nextPageToken! });
      const third = await store.searchTraces({ experimentIds: [experimentId], maxResults: 2, pageToken: second.nextPageToken! });
      expect([...first.traces, ...second.traces, ...third.traces].map((trace) => trace.traceId)).toEqual([5, 4, 3, 2, 1].map(traceId));
      expect(third.nextPageToken).toBeUndefined();
    });

    it('deletes traces by id, or the oldest before a time, with their spans and tags', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'traces' });
      for (let index = 1; index <= 5; index++) {
        await store.logSpans({ experimentId, spans: agentTrace(index, T + index * 1000) });
      }
      expect(await store.deleteTraces({ experimentId, traceIds: [traceId(5), traceId(404)] })).toBe(1);
      expect(await store.deleteTraces({ experimentId, maxTimestampMillis: T + 3500, maxTraces: 2 })).toBe(2);
      expect(await searchIds(store, experimentId)).toEqual([traceId(4), traceId(3)]);
      await expectAssayError(() => store.getTrace({ traceId: traceId(1) }), 'RESOURCE_DOES_NOT_EXIST');
      expect(await store.deleteTraces({ experimentId, maxTimestampMillis: T + 3500 })).toBe(1);
      expect(await searchIds(store, experimentId, "tags.env = 'prod'")).toEqual([traceId(4)]);
    });
  });
}
