// bench/search: how fast the search-filter parser answers hostile and very long filters
// (the parser's tests check what it answers; how fast depends on the machine, so it is measured here).
// Goals: every 1 MB hostile input answered within 1 s; a 20,000-comparison filter parsed within 1 s,
// and twice as many comparisons taking at most about twice as long (linear time).
// Run: pnpm bench search   (or, after pnpm build: node --expose-gc --import tsx bench/search/parse-filter.bench.ts)
import { RUN_FILTER_DIALECT, parseFilter } from '@assay/core';
import { median, report, time } from '../lib/report.js';

const SIZE = 1_000_000;
const RUNS = 3;

function parse(input: string): void {
  try {
    parseFilter(input, RUN_FILTER_DIALECT);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'SearchSyntaxError') throw error;
  }
}

async function medianMilliseconds(input: string): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) samples.push(await time(() => parse(input)));
  return median(samples);
}

function flatFilter(comparisons: number): string {
  return Array.from({ length: comparisons }, (_, index) => `metrics.m${index} > ${index}`).join(' AND ');
}

const hostile: Record<string, string> = {
  'unclosed parentheses': '('.repeat(SIZE),
  'balanced parentheses': `${'('.repeat(SIZE)}${')'.repeat(SIZE)}`,
  'unterminated string': `params.a = '${'x'.repeat(SIZE)}`,
  'escaped quotes': `params.a = '${"''".repeat(SIZE / 2)}`,
  backslashes: `params.a = '${'\\'.repeat(SIZE)}`,
  'repeated prefixes': 'metrics.'.repeat(SIZE / 8),
  'huge number': `metrics.a > ${'9'.repeat(SIZE)}`,
  backticks: `metrics.\`${'`'.repeat(SIZE)}`,
  'endless IN list': `attributes.status IN (${"'a',".repeat(SIZE / 4)}`,
  emoji: '🎉'.repeat(SIZE),
  blanks: ' '.repeat(SIZE),
};

let slowest = { name: '', milliseconds: 0 };
for (const [name, input] of Object.entries(hostile)) {
  const milliseconds = await medianMilliseconds(input);
  if (milliseconds > slowest.milliseconds) slowest = { name, milliseconds };
}
report({
  name: '(a) slowest 1 MB hostile filter',
  value: slowest.milliseconds,
  unit: 'ms',
  goal: { atMost: 1000 },
  note: `${slowest.name}; median of ${RUNS} runs each, ${Object.keys(hostile).length} inputs`,
});

const single = await medianMilliseconds(flatFilter(20_000));
const double = await medianMilliseconds(flatFilter(40_000));
report({ name: '(b) 20,000-comparison flat filter', value: single, unit: 'ms', goal: { atMost: 1000 } });
report({
  name: '(c) 40,000 / 20,000 comparisons time ratio',
  value: double / single,
  unit: '×',
  goal: { atMost: 3 },
  note: `${double.toFixed(1)} ms for 40,000 comparisons; 2 means linear`,
});
