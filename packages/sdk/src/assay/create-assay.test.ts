import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAssay, type Assay } from '../index.js';

let directories: string[] = [];
let instances: Assay[] = [];

async function storeDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'assay-instance-'));
  directories.push(directory);
  return directory;
}

function instance(trackingUri: string): Assay {
  const assay = createAssay({ trackingUri });
  instances.push(assay);
  return assay;
}

beforeEach(() => {
  directories = [];
  instances = [];
});
afterEach(async () => {
  await Promise.all(instances.map((assay) => assay.dispose()));
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('createAssay', () => {
  it('keeps two instances pointing at two stores apart, side by side in one process', async () => {
    const first = instance(await storeDirectory());
    const second = instance(await storeDirectory());
    await first.setExperiment('first-only');
    const answer = first.trace(async (question: string) => `first: ${question}`, { name: 'first-answer' });
    const otherAnswer = second.trace(async (question: string) => `second: ${question}`, { name: 'second-answer' });

    // Interleaved runs: each instance's active run is its own, in the same async context.
    await first.withRun({ runName: 'a' }, async (run) => {
      await second.withRun({ runName: 'b' }, async (otherRun) => {
        first.logMetric('accuracy', 0.9);
        second.logMetric('accuracy', 0.5);
        expect(first.activeRun()?.id).toBe(run.id);
        expect(second.activeRun()?.id).toBe(otherRun.id);
        await answer('q1');
        await otherAnswer('q2');
      });
    });
    await first.flush();
    await second.flush();

    const firstRuns = await first.searchRuns({ experimentNames: ['first-only'] });
    expect(firstRuns.runs.map((run) => [run.info.runName, run.data.metrics['accuracy']])).toEqual([['a', 0.9]]);
    const secondRuns = await second.searchRuns({});
    expect(secondRuns.runs.map((run) => [run.info.runName, run.data.metrics['accuracy']])).toEqual([['b', 0.5]]);
    expect(await second.getExperimentByName('first-only')).toBeUndefined();

    const firstTraces = await first.searchTraces({ experimentNames: ['first-only'] });
    expect(firstTraces.traces.map((trace) => trace.name)).toEqual(['first-answer']);
    const secondTraces = await second.searchTraces({});
    expect(secondTraces.traces.map((trace) => trace.name)).toEqual(['second-answer']);
    expect(first.getLastTraceId()).toBe(firstTraces.traces[0]?.traceId);
    expect(second.getLastTraceId()).toBe(secondTraces.traces[0]?.traceId);
  });

  it('nests a span of another instance as a root of its own trace there, in the same OpenTelemetry trace', async () => {
    const first = instance(await storeDirectory());
    const second = instance(await storeDirectory());
    const inner = second.trace(() => 'inner', { name: 'inner' });
    await first.withSpan('outer', () => inner());
    await first.flush();
    await second.flush();
    const [outerTrace] = (await first.searchTraces({})).traces;
    const [innerTrace] = (await second.searchTraces({})).traces;
    expect(outerTrace?.name).toBe('outer');
    expect(innerTrace?.name).toBe('inner');
    expect(innerTrace?.traceId).toBe(outerTrace?.traceId);
    expect((await first.getTrace(outerTrace!.traceId)).spans.map((span) => span.name)).toEqual(['outer']);
  });

  it('cannot be used once disposed, and says how to get a new one', async () => {
    const assay = instance(await storeDirectory());
    await assay.dispose();
    await expect(assay.getStore()).rejects.toThrow(/disposed; create a new one with createAssay\(\)/);
  });
});
