// Type-checked in the scratch app against the installed declarations: the
// `types` of every entry resolve without the `@assay/source` condition.
import { AssayError } from '@assay/core';
import { createProgram } from '@assay/cli';
import { evaluate, exactMatchMetric, type EvaluationResult } from '@assay/evaluate';
import { corpusBleu, type BleuResult } from '@assay/metrics';
import { setExperiment, withRun, type ActiveRun } from '@assay/sdk';
import { createAssayServer, type AssayServerOptions } from '@assay/server';
import { startAssayServer, type RunningAssayServer } from '@assay/server/node';
import { createEdgeAssay, type EdgeAssay } from '@assay/sdk/edge';
import { createMockLlmServer, type MockLlmServer } from '@assay/sdk/test';
import type { LocalStore } from '@assay/store';

export const bleu: BleuResult = corpusBleu(['the cat'], [['the cat']]);
export const score: number = bleu.score;
// @ts-expect-error predictions are strings: the declarations are real, not `any`.
corpusBleu([1], [['the cat']]);

export async function smoke(): Promise<EvaluationResult> {
  const server: MockLlmServer = await createMockLlmServer({});
  await setExperiment('types');
  await withRun({ runName: 'typed' }, (run: ActiveRun) => void run.logMetric('accuracy', 1));
  await server.close();
  return evaluate({ data: [{ question: 'q', expected: 'a' }], model: async () => 'a', metrics: [exactMatchMetric()] });
}

export const program: string = createProgram().name();
export const edgeAssay = (): EdgeAssay => createEdgeAssay({ trackingUri: 'http://127.0.0.1:5000', experimentName: 'edge' });
// @ts-expect-error sampleRate is a number: the Edge entry's declarations are real too.
createEdgeAssay({ sampleRate: 'all' });
export const isAssayError = (error: unknown): boolean => AssayError.isInstance(error);
export type Store = LocalStore;

export async function serve(options: AssayServerOptions): Promise<RunningAssayServer> {
  return startAssayServer({ app: createAssayServer(options), port: 0 });
}
