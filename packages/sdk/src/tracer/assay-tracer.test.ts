import { ROOT_CONTEXT, SpanStatusCode, TraceFlags, trace as otelTrace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { AssayTracer, type RecordedSpanProcessor } from './assay-tracer.js';
import { RecordedSpan, SPAN_ATTRIBUTE_LIMIT, SPAN_EVENT_LIMIT } from './recorded-span.js';
import { nanosecondStringToHrTime, nowNanoseconds, timeInputToNanoseconds } from './span-clock.js';
import { newSpanId, newTraceId } from './span-ids.js';

/** A tracer whose processor records what it is told. */
function recordingTracer(): { tracer: AssayTracer; started: RecordedSpan[]; ended: RecordedSpan[] } {
  const started: RecordedSpan[] = [];
  const ended: RecordedSpan[] = [];
  const processor: RecordedSpanProcessor = {
    onRecordedSpanStart: (span) => started.push(span),
    onRecordedSpanEnd: (span) => ended.push(span),
  };
  return { tracer: new AssayTracer(processor), started, ended };
}

describe('AssayTracer', () => {
  it('starts a new trace at the root and nests children through OpenTelemetry contexts', () => {
    const { tracer, started, ended } = recordingTracer();
    const root = tracer.startSpan('root', {}, ROOT_CONTEXT);
    const child = tracer.startSpan('child', { attributes: { a: 1 } }, otelTrace.setSpan(ROOT_CONTEXT, root));
    expect(started).toEqual([root, child]);
    expect(root).toBeInstanceOf(RecordedSpan);
    const rootContext = root.spanContext();
    expect(rootContext).toMatchObject({ traceFlags: TraceFlags.SAMPLED, isRemote: false });
    expect(rootContext.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(child.spanContext().traceId).toBe(rootContext.traceId);
    expect((child as RecordedSpan).parentSpanContext?.spanId).toBe(rootContext.spanId);
    expect((root as RecordedSpan).parentSpanContext).toBeUndefined();
    expect((child as RecordedSpan).attributes).toEqual({ a: 1 });
    child.end();
    root.end();
    expect(ended).toEqual([child, root]);
  });

  it('mixes with spans of an application OpenTelemetry provider, either way round', async () => {
    const { tracer } = recordingTracer();
    const provider = new BasicTracerProvider();
    const appTracer = provider.getTracer('app');
    const appSpan = appTracer.startSpan('http', {}, ROOT_CONTEXT);
    const assayChild = tracer.startSpan('assay', {}, otelTrace.setSpan(ROOT_CONTEXT, appSpan)) as RecordedSpan;
    expect(assayChild.traceId).toBe(appSpan.spanContext().traceId);
    expect(assayChild.parentSpanContext?.spanId).toBe(appSpan.spanContext().spanId);
    const appGrandchild = appTracer.startSpan('db', {}, otelTrace.setSpan(ROOT_CONTEXT, assayChild));
    expect(appGrandchild.spanContext().traceId).toBe(appSpan.spanContext().traceId);
    expect((appGrandchild as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext?.spanId).toBe(assayChild.spanId);
    await provider.shutdown();
  });

  it('follows a remote parent and its sampling decision', () => {
    const { tracer, started } = recordingTracer();
    const traceId = newTraceId();
    const sampled = otelTrace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: newSpanId(), traceFlags: TraceFlags.SAMPLED, isRemote: true });
    const child = tracer.startSpan('continued', {}, sampled) as RecordedSpan;
    expect(child.traceId).toBe(traceId);
    expect(child.parentSpanContext?.isRemote).toBe(true);

    const notSampled = otelTrace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: newSpanId(), traceFlags: TraceFlags.NONE, isRemote: true });
    const skipped = tracer.startSpan('skipped', {}, notSampled);
    expect(skipped.isRecording()).toBe(false);
    expect(skipped.spanContext().traceId).toBe(traceId);
    expect(skipped.spanContext().traceFlags).toBe(TraceFlags.NONE);
    expect(started).toEqual([child]);
  });

  it('records nothing while tracing is suppressed, and ignores the parent with root: true', () => {
    const { tracer, started } = recordingTracer();
    const suppressed = tracer.startSpan('hidden', {}, suppressTracing(ROOT_CONTEXT));
    expect(suppressed.isRecording()).toBe(false);
    expect(otelTrace.isSpanContextValid(suppressed.spanContext())).toBe(false);
    const parent = tracer.startSpan('parent', {}, ROOT_CONTEXT);
    const root = tracer.startSpan('new-root', { root: true }, otelTrace.setSpan(ROOT_CONTEXT, parent)) as RecordedSpan;
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.traceId).not.toBe(parent.spanContext().traceId);
    expect(started.map((span) => span.name)).toEqual(['parent', 'new-root']);
  });

  it('runs startActiveSpan with the span current in the OpenTelemetry context API', () => {
    const { tracer } = recordingTracer();
    const result = tracer.startActiveSpan('active', (span) => {
      span.end();
      return span.spanContext().spanId;
    });
    expect(result).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('RecordedSpan', () => {
  it('keeps OpenTelemetry SDK semantics for attributes, status, events and end', () => {
    const { tracer, ended } = recordingTracer();
    const span = tracer.startSpan('s', {}, ROOT_CONTEXT) as RecordedSpan;
    span.setAttribute('kept', 'yes');
    span.setAttribute('list', [1, 2, null]);
    span.setAttribute('', 'no key');
    span.setAttribute('mixed', [1, 'two'] as never);
    span.setAttribute('object', { a: 1 } as never);
    span.setAttribute('nothing', undefined as never);
    expect(span.attributes).toEqual({ kept: 'yes', list: [1, 2, null] });

    span.setStatus({ code: SpanStatusCode.UNSET });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'bad' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad' });
    span.setStatus({ code: SpanStatusCode.OK, message: 'dropped for OK' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'OK is final' });
    expect(span.status).toEqual({ code: SpanStatusCode.OK });

    const error = new TypeError('boom');
    span.recordException(error);
    span.recordException({ code: 'ECONNRESET', message: 'reset' });
    span.recordException('plain text');
    expect(span.events.map((event) => event.attributes)).toEqual([
      { 'exception.type': 'TypeError', 'exception.message': 'boom', 'exception.stacktrace': error.stack },
      { 'exception.type': 'ECONNRESET', 'exception.message': 'reset' },
      { 'exception.message': 'plain text' },
    ]);
    span.addEvent('with-time', [1_700_000_000, 5]);
    expect(span.events.at(-1)).toEqual({ name: 'with-time', timeUnixNano: '1700000000000000005', attributes: {} });

    span.updateName('renamed');
    span.end();
    span.end();
    span.setAttribute('late', 1);
    span.updateName('too late');
    expect(ended).toEqual([span]);
    expect(span.isRecording()).toBe(false);
    expect(span.name).toBe('renamed');
    expect(span.attributes['late']).toBeUndefined();
    expect(BigInt(span.endTimeUnixNano!)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
  });

  it('keeps at most the OpenTelemetry default of 128 attributes and 128 events (the newest events)', () => {
    const { tracer } = recordingTracer();
    const span = tracer.startSpan('many', {}, ROOT_CONTEXT) as RecordedSpan;
    for (let index = 0; index < SPAN_ATTRIBUTE_LIMIT + 10; index += 1) span.setAttribute(`key${index}`, index);
    span.setAttribute('key0', 'replaced');
    expect(Object.keys(span.attributes)).toHaveLength(SPAN_ATTRIBUTE_LIMIT);
    expect(span.attributes['key0']).toBe('replaced');
    expect(span.droppedAttributesCount).toBe(10);
    for (let index = 0; index < SPAN_EVENT_LIMIT + 5; index += 1) span.addEvent(`event${index}`);
    expect(span.events).toHaveLength(SPAN_EVENT_LIMIT);
    expect(span.events[0]?.name).toBe('event5');
  });

  it('treats an end before the start as a zero duration', () => {
    const { tracer } = recordingTracer();
    const span = tracer.startSpan('backwards', { startTime: new Date(2_000_000_000_000) }, ROOT_CONTEXT) as RecordedSpan;
    span.end(new Date(1_000_000_000_000));
    expect(span.startTimeUnixNano).toBe('2000000000000000000');
    expect(span.endTimeUnixNano).toBe(span.startTimeUnixNano);
    expect(span.startTime).toEqual([2_000_000_000, 0]);

    // A span on the clock, ended at an earlier performance.now() reading.
    const clocked = tracer.startSpan('clocked', {}, ROOT_CONTEXT) as RecordedSpan;
    const start = clocked.startTimeUnixNano;
    expect(start).toMatch(/^\d{19}$/);
    clocked.end(performance.now() / 2);
    expect(clocked.endTimeUnixNano).toBe(start);
  });

  it('marks JSON text set by setJsonAttribute until the key is set again', () => {
    const { tracer } = recordingTracer();
    const span = tracer.startSpan('json', {}, ROOT_CONTEXT) as RecordedSpan;
    span.setJsonAttribute('mlflow.spanInputs', '{"question":"why?"}');
    span.setJsonAttribute('mlflow.spanOutputs', '"because"');
    span.setJsonAttribute('custom.json', '[1,2]');
    expect([span.holdsJsonText('mlflow.spanInputs'), span.holdsJsonText('mlflow.spanOutputs'), span.holdsJsonText('custom.json')]).toEqual([true, true, true]);
    span.setAttribute('mlflow.spanInputs', 'plain text now');
    span.setAttribute('custom.json', 'plain too');
    expect([span.holdsJsonText('mlflow.spanInputs'), span.holdsJsonText('mlflow.spanOutputs'), span.holdsJsonText('custom.json')]).toEqual([false, true, false]);
    expect(span.holdsJsonText('never.set')).toBe(false);
    span.end();
    span.setJsonAttribute('mlflow.spanInputs', '{"late":true}');
    expect(span.attributes['mlflow.spanInputs']).toBe('plain text now');
  });
});

describe('span clock and ids', () => {
  it('reads the time as nanoseconds since the epoch, close to Date.now() and never going back', () => {
    let previous = nowNanoseconds();
    for (let index = 0; index < 1000; index += 1) {
      const next = nowNanoseconds();
      expect(next).toMatch(/^\d{19}$/);
      expect(BigInt(next)).toBeGreaterThanOrEqual(BigInt(previous));
      previous = next;
    }
    const driftMs = Number(BigInt(nowNanoseconds()) / 1_000_000n) - Date.now();
    expect(Math.abs(driftMs)).toBeLessThan(1000);
  });

  it('converts the time inputs the OpenTelemetry API accepts', () => {
    expect(timeInputToNanoseconds([1_700_000_000, 123_456_789])).toBe('1700000000123456789');
    expect(timeInputToNanoseconds(new Date(1_700_000_000_123))).toBe('1700000000123000000');
    expect(timeInputToNanoseconds(1_700_000_000_123.5)).toBe('1700000000123500000');
    const fromPerformance = BigInt(timeInputToNanoseconds(performance.now()));
    expect(Number(fromPerformance / 1_000_000n) - Date.now()).toBeLessThan(1000);
    expect(nanosecondStringToHrTime('1700000000123456789')).toEqual([1_700_000_000, 123_456_789]);
  });

  it('makes W3C trace and span ids that do not repeat', () => {
    const traceIds = new Set(Array.from({ length: 5000 }, newTraceId));
    const spanIds = new Set(Array.from({ length: 5000 }, newSpanId));
    expect(traceIds.size).toBe(5000);
    expect(spanIds.size).toBe(5000);
    for (const id of traceIds) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spanIds) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});
