import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES } from '@assay/core';
import { describe, expect, it, vi } from 'vitest';
import { useMemoryTracing } from './__fixtures__/memory-tracing.js';
import { startSpan, trace, updateCurrentTrace, withSpan } from '../index.js';

const tracing = useMemoryTracing();

describe('withSpan and startSpan', () => {
  it('withSpan records inputs, attributes and the result as outputs, and is current inside the callback', async () => {
    const child = trace((value: number) => value * 2, { name: 'double' });
    const result = await withSpan(
      { name: 'step', spanType: 'CHAIN', inputs: { value: 21 }, attributes: { [GEN_AI_ATTRIBUTES.requestModel]: 'gpt-4o' } },
      async (span) => {
        expect(span.traceId).toMatch(/^tr-[0-9a-f]{32}$/);
        expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return child(21);
      },
    );
    expect(result).toBe(42);
    expect(await tracing.normalizedSpans()).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "mlflow.spanInputs": 21,
            "mlflow.spanOutputs": 42,
            "mlflow.spanType": "UNKNOWN",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "double",
          "parentSpanId": "<span-3>",
          "spanId": "<span-2>",
          "spanType": "UNKNOWN",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
        {
          "attributes": {
            "gen_ai.request.model": "gpt-4o",
            "mlflow.spanInputs": {
              "value": 21,
            },
            "mlflow.spanOutputs": 42,
            "mlflow.spanType": "CHAIN",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "step",
          "spanId": "<span-3>",
          "spanType": "CHAIN",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });

  it('withSpan keeps outputs the callback set, takes a bare name and works for sync callbacks', async () => {
    const value = withSpan('manual', (span) => {
      span.setOutputs({ chosen: 'explicit' });
      span.setAttributes({ score: 0.5, labels: ['a', 'b'] });
      return 'ignored as outputs';
    });
    expect(value).toBe('ignored as outputs');
    const [span] = await tracing.normalizedSpans();
    expect(span?.attributes).toEqual({
      [ASSAY_ATTRIBUTES.spanType]: 'UNKNOWN',
      [ASSAY_ATTRIBUTES.spanOutputs]: { chosen: 'explicit' },
      score: 0.5,
      labels: ['a', 'b'],
    });
  });

  it('withSpan leaves the result out of the outputs when captureOutputs is false, for values, promises and generators', async () => {
    const options = { name: 'private', inputs: { user: 'ada' }, captureOutputs: false };
    expect(withSpan(options, () => 'secret')).toBe('secret');
    expect(await withSpan(options, async () => 'secret')).toBe('secret');
    const yielded: string[] = [];
    for await (const item of withSpan(options, async function* () {
      yield 'secret';
    })) yielded.push(item);
    expect(yielded).toEqual(['secret']);
    // Outputs the callback sets itself are still recorded.
    withSpan(options, (span) => {
      span.setOutputs('chosen');
      return 'secret';
    });
    const spans = await tracing.normalizedSpans();
    expect(spans.map((span) => span.attributes[ASSAY_ATTRIBUTES.spanOutputs])).toEqual([undefined, undefined, undefined, 'chosen']);
    expect(spans.map((span) => span.attributes[ASSAY_ATTRIBUTES.spanInputs])).toEqual([{ user: 'ada' }, { user: 'ada' }, { user: 'ada' }, { user: 'ada' }]);
  });

  it('withSpan records an error and rethrows the same object', async () => {
    const failure = new Error('tool failed');
    await expect(
      withSpan({ name: 'tool', spanType: 'TOOL' }, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    const [span] = await tracing.normalizedSpans();
    expect(span).toMatchObject({ name: 'tool', status: { code: 'ERROR', message: 'tool failed' } });
  });

  it('startSpan returns a handle the caller ends; `parent` nests spans under it', async () => {
    const root = startSpan({ name: 'agent', spanType: 'AGENT', inputs: 'plan a trip' });
    const tool = startSpan({ name: 'weather', spanType: 'TOOL', parent: root });
    tool.setInputs({ city: 'Oslo' }).setOutputs({ celsius: 4 }).setStatus('OK');
    tool.end();
    tool.end();
    root.recordException(new RangeError('budget exceeded'));
    root.end();
    expect(tool.traceId).toBe(root.traceId);
    expect(await tracing.normalizedSpans()).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "mlflow.spanInputs": {
              "city": "Oslo",
            },
            "mlflow.spanOutputs": {
              "celsius": 4,
            },
            "mlflow.spanType": "TOOL",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "weather",
          "parentSpanId": "<span-3>",
          "spanId": "<span-2>",
          "spanType": "TOOL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "OK",
          },
          "traceId": "<trace-1>",
        },
        {
          "attributes": {
            "mlflow.spanInputs": "plan a trip",
            "mlflow.spanType": "AGENT",
          },
          "endTimeUnixNano": "<time>",
          "events": [
            {
              "attributes": {
                "exception.message": "budget exceeded",
                "exception.stacktrace": "<stack>",
                "exception.type": "RangeError",
              },
              "name": "exception",
              "timeUnixNano": "<time>",
            },
          ],
          "name": "agent",
          "spanId": "<span-3>",
          "spanType": "AGENT",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "ERROR",
            "message": "budget exceeded",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });
});

describe('updateCurrentTrace', () => {
  it('sets tags, metadata, session and user on the root span, merging repeated calls', async () => {
    const inner = trace(async () => {
      updateCurrentTrace({ tags: { env: 'test' }, metadata: { version: '1' }, sessionId: 'session-1' });
      updateCurrentTrace({ tags: { team: 'search' }, userId: 'user-7' });
      return 'ok';
    }, { name: 'inner' });
    await withSpan('outer', async () => inner());
    const spans = (await tracing.spans()).map((entry) => entry.span);
    const outer = spans.find((span) => span.name === 'outer');
    const innerSpan = spans.find((span) => span.name === 'inner');
    expect(outer?.attributes).toMatchObject({
      [ASSAY_ATTRIBUTES.traceTags]: { env: 'test', team: 'search' },
      [ASSAY_ATTRIBUTES.traceMetadata]: { version: '1' },
      [ASSAY_ATTRIBUTES.sessionId]: 'session-1',
      [ASSAY_ATTRIBUTES.userId]: 'user-7',
    });
    expect(Object.keys(innerSpan?.attributes ?? {})).not.toContain(ASSAY_ATTRIBUTES.traceTags);
  });

  it('warns and does nothing outside of a trace', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => updateCurrentTrace({ tags: { env: 'test' } })).not.toThrow();
      expect(warn).toHaveBeenCalledOnce();
    } finally {
      warn.mockRestore();
    }
  });
});
