import { ASSAY_ATTRIBUTES } from '@assay/core';
import { describe, expect, it } from 'vitest';
import { useMemoryTracing } from './__fixtures__/memory-tracing.js';
import { getLastTraceId, trace } from '../index.js';

const tracing = useMemoryTracing();

describe('trace', () => {
  it('records a sync call: inputs, outputs, type and status', async () => {
    const add = trace((a: number, b: number) => a + b, { name: 'add', spanType: 'TOOL' });
    expect(add(2, 3)).toBe(5);
    expect(await tracing.normalizedSpans()).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "mlflow.spanInputs": [
              2,
              3,
            ],
            "mlflow.spanOutputs": 5,
            "mlflow.spanType": "TOOL",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "add",
          "spanId": "<span-2>",
          "spanType": "TOOL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });

  it('records an async call with one argument as the inputs and names the span after the function', async () => {
    async function answer(question: { text: string }): Promise<string> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return `echo: ${question.text}`;
    }
    const traced = trace(answer);
    expect(traced.name).toBe('answer');
    expect(await traced({ text: 'hi' })).toBe('echo: hi');
    const [span] = await tracing.normalizedSpans();
    expect(span).toMatchObject({
      name: 'answer',
      spanType: 'UNKNOWN',
      attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { text: 'hi' }, [ASSAY_ATTRIBUTES.spanOutputs]: 'echo: hi' },
    });
    expect(getLastTraceId()).toMatch(/^tr-[0-9a-f]{32}$/);
    expect(getLastTraceId()).toBe((await tracing.spans())[0]?.span.traceId);
  });

  it('records an async generator: the span ends when it completes, outputs are the yielded values', async () => {
    const stream = trace(async function* tokens(count: number) {
      for (let index = 0; index < count; index += 1) yield `t${index}`;
      return 'done';
    });
    const seen: string[] = [];
    for await (const token of stream(3)) seen.push(token);
    expect(seen).toEqual(['t0', 't1', 't2']);
    expect(await tracing.normalizedSpans()).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "mlflow.spanInputs": 3,
            "mlflow.spanOutputs": [
              "t0",
              "t1",
              "t2",
            ],
            "mlflow.spanType": "UNKNOWN",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "tokens",
          "spanId": "<span-2>",
          "spanType": "UNKNOWN",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });

  it('ends a generator span on early return and makes spans of the generator body its children', async () => {
    const lookup = trace((id: number) => `doc-${id}`, { name: 'lookup' });
    const documents = trace(async function* retrieve() {
      for (let id = 0; ; id += 1) yield lookup(id);
    });
    for await (const document of documents()) {
      if (document === 'doc-1') break;
    }
    const spans = (await tracing.spans()).map((entry) => entry.span);
    expect(spans.map((span) => span.name)).toEqual(['lookup', 'lookup', 'retrieve']);
    const root = spans[2]!;
    expect(root.endTimeUnixNano).toBeDefined();
    expect(root.attributes[ASSAY_ATTRIBUTES.spanOutputs]).toEqual(['doc-0', 'doc-1']);
    expect(spans.slice(0, 2).every((span) => span.parentSpanId === root.spanId && span.traceId === root.traceId)).toBe(true);
  });

  it('nests spans across awaits: children point at their parent, siblings share the trace', async () => {
    const embed = trace(async (text: string) => text.length, { name: 'embed', spanType: 'EMBEDDING' });
    const search = trace(async (query: string) => [await embed(query)], { name: 'search', spanType: 'RETRIEVER' });
    const pipeline = trace(async (query: string) => {
      const [first, second] = await Promise.all([search(query), embed('other')]);
      return { first, second };
    }, { name: 'pipeline', spanType: 'CHAIN' });
    await pipeline('hello');
    const spans = (await tracing.spans()).map((entry) => entry.span);
    const byName = (name: string) => spans.filter((span) => span.name === name);
    const [root] = byName('pipeline');
    const [searchSpan] = byName('search');
    expect(root?.parentSpanId).toBeUndefined();
    expect(searchSpan?.parentSpanId).toBe(root?.spanId);
    expect(byName('embed').map((span) => span.parentSpanId).sort()).toEqual([root?.spanId, searchSpan?.spanId].sort());
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    // A second call is a new trace.
    await pipeline('again');
    expect(new Set((await tracing.spans()).map((entry) => entry.span.traceId)).size).toBe(2);
  });

  it('records an error and rethrows the same object (sync and async)', async () => {
    const failure = new TypeError('bad input');
    const syncFailing = trace(() => {
      throw failure;
    }, { name: 'sync-failing' });
    const asyncFailing = trace(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw failure;
    }, { name: 'async-failing' });
    let caught: unknown;
    try {
      syncFailing();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(failure);
    await expect(asyncFailing()).rejects.toBe(failure);
    const spans = await tracing.normalizedSpans();
    expect(spans[1]).toMatchInlineSnapshot(`
      {
        "attributes": {
          "mlflow.spanType": "UNKNOWN",
        },
        "endTimeUnixNano": "<time>",
        "events": [
          {
            "attributes": {
              "exception.message": "bad input",
              "exception.stacktrace": "<stack>",
              "exception.type": "TypeError",
            },
            "name": "exception",
            "timeUnixNano": "<time>",
          },
        ],
        "name": "async-failing",
        "spanId": "<span-4>",
        "spanType": "UNKNOWN",
        "startTimeUnixNano": "<time>",
        "status": {
          "code": "ERROR",
          "message": "bad input",
        },
        "traceId": "<trace-3>",
      }
    `);
    expect(spans[0]).toMatchObject({ name: 'sync-failing', status: { code: 'ERROR', message: 'bad input' } });
  });

  it('keeps unhandled rejections of native promises visible to the process', async () => {
    const failure = new Error('nobody awaits me');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    const listeners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', onUnhandled);
    try {
      void trace(async () => {
        throw failure;
      }, { name: 'ignored' })();
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.removeListener('unhandledRejection', onUnhandled);
      for (const listener of listeners) process.on('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([failure]);
  });

  it('records an async generator that throws and rethrows the same object', async () => {
    const failure = new Error('stream broke');
    const stream = trace(async function* broken() {
      yield 1;
      throw failure;
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of stream()) seen.push(value);
      })(),
    ).rejects.toBe(failure);
    expect(seen).toEqual([1]);
    const [span] = await tracing.normalizedSpans();
    expect(span).toMatchObject({ name: 'broken', status: { code: 'ERROR', message: 'stream broke' } });
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('leaves out inputs and outputs when captureInputs and captureOutputs are false', async () => {
    const secret = trace((password: string) => `hash(${password})`, { name: 'hash', captureInputs: false, captureOutputs: false });
    expect(secret('hunter2')).toBe('hash(hunter2)');
    const [span] = await tracing.normalizedSpans();
    expect(span?.attributes).toEqual({ [ASSAY_ATTRIBUTES.spanType]: 'UNKNOWN' });
  });

  it('keeps `this`, and returns promise subclasses (with their extra methods) as they are', async () => {
    const counter = {
      count: 41,
      increment: trace(function (this: { count: number }) {
        this.count += 1;
        return this.count;
      }, { name: 'increment' }),
    };
    expect(counter.increment()).toBe(42);
    class ApiPromise<T> extends Promise<T> {
      withResponse(): string {
        return 'response';
      }
    }
    const promise = new ApiPromise<string>((resolve) => resolve('same'));
    const passThrough = trace(() => promise, { name: 'pass-through' });
    expect(passThrough()).toBe(promise);
    expect(await promise).toBe('same');
    expect((await tracing.spans()).map((entry) => entry.span.name)).toEqual(['increment', 'pass-through']);
  });
});
