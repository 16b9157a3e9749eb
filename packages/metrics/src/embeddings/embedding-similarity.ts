import { errorMessage, mapWithConcurrency } from '@assay/core';
import type { EvaluationRow } from '../metric/evaluation-row.js';
import type { Metric, MetricContext, RowScore } from '../metric/metric.js';
import { rowOutputText, rowTargetTexts } from '../row-text.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { createEmbedder } from './create-embedder.js';
import type { EmbedderOptions } from './create-embedder.js';

const NAME = 'embedding_similarity';

/**
 * The `embedding_similarity` metric: the cosine similarity of the embeddings
 * of the output and the target (the best target when there are several;
 * null without targets). Texts are embedded once each, up to 256 per request
 * to an OpenAI-compatible `/embeddings` endpoint, `context.concurrency`
 * requests at a time, with retries on 429/5xx. A request that fails for good
 * records its error (naming the endpoint) on the rows that needed it.
 *
 * @example embeddingSimilarity({ model: 'text-embedding-3-small' })
 */
export function embeddingSimilarity(options: EmbedderOptions): Metric {
  const embedder = createEmbedder(options);
  return {
    name: NAME,
    greaterIsBetter: true,
    columns: [NAME],
    requires: ['targets'],
    async scoreRows(rows: readonly EvaluationRow[], context: MetricContext): Promise<RowScore[]> {
      const pairs = rows.map((row) => {
        if (row.error !== undefined) return undefined;
        const output = rowOutputText(row);
        const targets = rowTargetTexts(row);
        return output === null || targets.length === 0 ? undefined : { output, targets };
      });
      const texts = [...new Set(pairs.flatMap((pair) => (pair ? [pair.output, ...pair.targets] : [])))];
      const batches: string[][] = [];
      for (let start = 0; start < texts.length; start += embedder.batchSize) batches.push(texts.slice(start, start + embedder.batchSize));

      const vectors = new Map<string, number[]>();
      const failures = new Map<string, string>();
      await mapWithConcurrency({
        items: batches,
        concurrency: context.concurrency,
        work: async (batch) => {
          try {
            const embedded = await embedder.embedBatch(batch, context.signal);
            batch.forEach((text, index) => vectors.set(text, embedded[index]!));
          } catch (error) {
            const message = errorMessage(error);
            for (const text of batch) failures.set(text, message);
          }
        },
        signal: context.signal,
        onAborted: (batch) => batch.forEach((text) => failures.set(text, 'the evaluation was cancelled')),
      });

      return pairs.map((pair): RowScore => {
        if (pair === undefined) return { values: { [NAME]: null } };
        const failure = [pair.output, ...pair.targets].map((text) => failures.get(text)).find((message) => message !== undefined);
        if (failure !== undefined) return { values: { [NAME]: null }, error: `${NAME}: ${failure}` };
        try {
          const outputVector = vectors.get(pair.output)!;
          const similarity = Math.max(...pair.targets.map((target) => cosineSimilarity(outputVector, vectors.get(target)!)));
          return { values: { [NAME]: similarity } };
        } catch (error) {
          return { values: { [NAME]: null }, error: `${NAME}: ${errorMessage(error)}` };
        }
      });
    },
  };
}
