// bench/metrics: throughput of sacrebleu-exact BLEU and chrF on 50,000 generated
// prediction/reference pairs (10-40 words, ~30% edited, 10% with two references):
// (a) corpus BLEU, (b) sentence BLEU row by row, (c) corpus chrF.
// Goals are 10x the Python reference (sacrebleu 2.6) measured on this machine.
// Run: pnpm bench metrics   (or, after pnpm build: node --expose-gc --import tsx bench/metrics/bleu-chrf.bench.ts)
import { loadavg } from 'node:os';
import { corpusBleu, corpusChrf, sentenceBleu } from '@assay/metrics';
import { generateTextPairs } from '../lib/generate-text-pairs.js';
import { median, report, time } from '../lib/report.js';

const PAIRS = 50_000;
const RUNS = 5;

const { predictions, references } = generateTextPairs(PAIRS);
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * Pairs per second of `work` over the whole set: one warm-up, then the median of
 * RUNS wall-clock runs. CPU-time throughput is kept too, for machines shared with
 * other work (it is what the code costs; wall time is what a user waits).
 */
async function pairsPerSecond(work: () => unknown): Promise<{ rate: number; cpuRate: number; runs: number[] }> {
  work();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    collect();
    const cpuBefore = process.cpuUsage();
    const milliseconds = await time(work);
    const cpu = process.cpuUsage(cpuBefore);
    rates.push(PAIRS / (milliseconds / 1000));
    cpuRates.push(PAIRS / ((cpu.user + cpu.system) / 1e6));
  }
  return { rate: median(rates), cpuRate: median(cpuRates), runs: rates };
}

const format = (rate: number) => Math.round(rate).toLocaleString('en-US');
const runsNote = ({ runs, cpuRate }: { runs: number[]; cpuRate: number }) =>
  `runs: ${runs.map(format).join(', ')} pairs/s; per CPU-second: ${format(cpuRate)} pairs/s`;

const bleu = await pairsPerSecond(() => corpusBleu(predictions, references));
const corpusScore = corpusBleu(predictions, references).score;
const sentence = await pairsPerSecond(() => {
  let sum = 0;
  for (let index = 0; index < PAIRS; index += 1) sum += sentenceBleu(predictions[index]!, references[index]!).score;
  return sum;
});
const chrf = await pairsPerSecond(() => corpusChrf(predictions, references));
const chrfScore = corpusChrf(predictions, references).score;

console.log(`${PAIRS.toLocaleString('en-US')} pairs; load average ${loadavg().map((load) => load.toFixed(2)).join(' ')} on this machine`);
const results = [
  report({
    name: '(a) corpus BLEU',
    value: bleu.rate,
    unit: 'pairs/s',
    goal: { atLeast: 50_000 },
    note: `goal: 10x the Python reference (sacrebleu 2.6 corpus_bleu) on this machine; median of ${RUNS}, ${runsNote(bleu)}; BLEU = ${corpusScore.toFixed(4)}`,
  }),
  report({
    name: '(b) sentence BLEU, row by row',
    value: sentence.rate,
    unit: 'pairs/s',
    goal: { atLeast: 50_000 },
    note: `no Python figure was given for sentence_bleu; the corpus BLEU goal is used; median of ${RUNS}, ${runsNote(sentence)}`,
  }),
  report({
    name: '(c) corpus chrF',
    value: chrf.rate,
    unit: 'pairs/s',
    goal: { atLeast: 19_000 },
    note: `goal: 10x the Python reference (sacrebleu 2.6 CHRF().corpus_score) on this machine; median of ${RUNS}, ${runsNote(chrf)}; chrF = ${chrfScore.toFixed(4)}`,
  }),
];
process.exitCode = results.every(Boolean) ? 0 : 1;
