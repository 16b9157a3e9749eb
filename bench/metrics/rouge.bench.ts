// bench/metrics/rouge: rougeBatch throughput (pairs/s) on 50,000 generated
// prediction/reference pairs, all four ROUGE types, without and with stemming.
// Goals: 10x Google's rouge-score (Python) measured on this machine, ~1,900 pairs/s
// without stemming and ~700 with (RougeScorer(['rouge1','rouge2','rougeL','rougeLsum']).score_multi per row).
// Run: pnpm bench metrics   (or, after pnpm build: node --expose-gc --import tsx bench/metrics/rouge.bench.ts)
import { rougeBatch } from '@assay/metrics';
import { generateTextPairs } from '../lib/generate-text-pairs.js';
import { median, report, time } from '../lib/report.js';

const PAIRS = 50_000;
const RUNS = 5;
const { predictions, references } = generateTextPairs(PAIRS);

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measure(useStemmer: boolean): Promise<{ runs: number[]; mean: number }> {
  const runs: number[] = [];
  let mean = 0;
  for (let run = 0; run < RUNS; run += 1) {
    collectGarbage();
    let result: ReturnType<typeof rougeBatch> | undefined;
    const milliseconds = await time(() => {
      result = rougeBatch(predictions, references, { useStemmer });
    });
    mean = result!.mean.rougeLsum!.fmeasure;
    runs.push(PAIRS / (milliseconds / 1000));
  }
  return { runs, mean };
}

for (const { useStemmer, goal, label } of [
  { useStemmer: false, goal: 19_000, label: 'no stemming' },
  { useStemmer: true, goal: 7_000, label: 'with stemming' },
]) {
  const { runs, mean } = await measure(useStemmer);
  report({
    name: `rougeBatch, rouge1+rouge2+rougeL+rougeLsum, ${label} (median of ${RUNS})`,
    value: median(runs),
    unit: 'pairs/s',
    goal: { atLeast: goal },
    note:
      `${PAIRS.toLocaleString('en-US')} generated pairs (10-40 words, 10% with a second reference); ` +
      `first run (cold caches) ${Math.round(runs[0]!).toLocaleString('en-US')} pairs/s; ` +
      `goal = 10x rouge-score 0.1.2 here; mean rougeLsum F ${mean.toFixed(4)}`,
  });
}
