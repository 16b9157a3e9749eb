import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TracingRuntime } from '../tracing/tracing-runtime.js';
import { AiSdkTracer } from './ai-sdk-tracer.js';

describe('AiSdkTracer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs the AI SDK's work with a span that records nothing when Assay cannot record, and says so once", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const tracer = new AiSdkTracer((): TracingRuntime => {
      throw new Error('store directory unusable');
    });
    const first = await tracer.startActiveSpan('ai.generateText', { attributes: { 'ai.operationId': 'ai.generateText' } }, async (span) => {
      span.setAttribute('ai.response.text', 'still answered');
      span.end();
      return { recording: span.isRecording(), valid: span.spanContext().traceId !== '00000000000000000000000000000000' };
    });
    expect(first).toEqual({ recording: false, valid: false });
    expect(tracer.startActiveSpan('ai.toolCall', (span) => span.isRecording())).toBe(false);
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
      '[assay] could not trace an AI SDK call (its spans are not recorded): store directory unusable',
    ]);
  });
});
