import { ASSAY_ATTRIBUTES } from '@assay/core';
import { describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { deleteTraces, flush, getLastTraceId, getTrace, searchTraces, setExperiment, trace, updateCurrentTrace, withRun } from '../index.js';

useTempTrackingUri();

describe('traces in the local store, end to end', () => {
  it('stores a nested trace that getTrace and searchTraces read back, and deleteTraces removes', async () => {
    const retrieve = trace(async (query: string) => [`doc about ${query}`], { name: 'retrieve', spanType: 'RETRIEVER' });
    const answer = trace(
      async (question: string) => {
        updateCurrentTrace({ tags: { env: 'test' }, sessionId: 'session-1' });
        const documents = await retrieve(question);
        return `${question}: ${documents.length} document(s)`;
      },
      { name: 'answer', spanType: 'CHAIN' },
    );
    let runId = '';
    await withRun({ experimentName: 'e2e-traces' }, async (run) => {
      runId = run.id;
      await answer('refunds');
    });
    await flush();
    const traceId = getLastTraceId();
    expect(traceId).toMatch(/^tr-[0-9a-f]{32}$/);
    const stored = await getTrace(traceId!);
    expect(stored.info).toMatchObject({ traceId, name: 'answer', state: 'OK', runId, sessionId: 'session-1', tags: { env: 'test' } });
    expect(stored.spans.map((span) => [span.name, span.spanType])).toEqual([
      ['answer', 'CHAIN'],
      ['retrieve', 'RETRIEVER'],
    ]);
    const [root, child] = stored.spans;
    expect(child?.parentSpanId).toBe(root?.spanId);
    expect(child?.attributes[ASSAY_ATTRIBUTES.spanOutputs]).toEqual(['doc about refunds']);

    const found = await searchTraces({ experimentNames: ['e2e-traces'] });
    expect(found.traces.map((info) => info.traceId)).toEqual([traceId]);
    expect(await deleteTraces({ experimentId: stored.info.experimentId, traceIds: [traceId!] })).toBe(1);
    expect((await searchTraces({ experimentIds: [stored.info.experimentId] })).traces).toEqual([]);
  });

  it('sends traces outside of a run to the current experiment, which searchTraces searches by default', async () => {
    const experiment = await setExperiment('current-traces');
    trace(() => 'pong', { name: 'ping' })();
    const { traces } = await searchTraces();
    expect(traces.map((info) => [info.traceId, info.experimentId, info.name])).toEqual([[getLastTraceId(), experiment.experimentId, 'ping']]);
    expect(traces[0]?.runId).toBeUndefined();
  });
});
