// Loads the BLEU/chrF/ROUGE reference vectors (sacrebleu 2.6.0, rouge-score 0.1.2 + NLTK 3.8).
// `edge` and `fuzz_lcs` were written for this project and live next to this file;
// `realistic_wmt17de_2k` is third-party text (WMT17 system outputs) kept outside the
// repository in `<repo root>/../shared/refdata/bleu-rouge/`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type RefdataName = 'edge' | 'fuzz_lcs' | 'realistic_wmt17de_2k';

/** One input row, references normalised to a list. */
export interface RefdataRow {
  prediction: string;
  references: string[];
  note?: string;
  id?: string;
}

export interface ExpectedRougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export type ExpectedRougeScores = Record<'rouge1' | 'rouge2' | 'rougeL' | 'rougeLsum', ExpectedRougeScore>;

export interface ExpectedRouge {
  mean: ExpectedRougeScores;
  rows: ExpectedRougeScores[];
}

export interface ExpectedBleu {
  score: number;
  precisions: number[];
  bp: number;
  ratio?: number;
  sys_len: number;
  ref_len: number;
  counts: number[];
  totals: number[];
}

/** The `*.expected.json` shape (see the refdata README). */
export interface RefdataExpected {
  meta: Record<string, unknown>;
  n: number;
  bleu: {
    corpus: ExpectedBleu;
    sentence: ExpectedBleu[];
    sentence_noeff_scores: number[];
    sentence_mean_score: number;
  };
  chrf: { corpus: { score: number }; sentence: number[] };
  rouge: { nostem: ExpectedRouge; stem: ExpectedRouge };
}

export interface Refdata {
  rows: RefdataRow[];
  expected: RefdataExpected;
}

const here = dirname(fileURLToPath(import.meta.url));
/** packages/metrics/src/__fixtures__ -> repository root. */
const repositoryRoot = resolve(here, '..', '..', '..', '..');
/** Where third-party reference data lives, outside the repository. */
export const SHARED_REFDATA_DIRECTORY = resolve(repositoryRoot, '..', 'shared', 'refdata', 'bleu-rouge');
const LOCAL_REFDATA_DIRECTORY = join(here, 'refdata');

/** Why a refdata file is skipped when it is absent. */
export function refdataSkipReason(name: RefdataName): string {
  return `skipping ${name}: it holds third-party text (WMT17 system outputs) kept outside the repository, and ${SHARED_REFDATA_DIRECTORY} is absent`;
}

/**
 * The rows and expected outputs of a reference file. `edge` and `fuzz_lcs`
 * always load; `realistic_wmt17de_2k` returns undefined when the shared folder
 * is absent, so callers skip just that file (print {@link refdataSkipReason}).
 */
export function loadRefdata(name: RefdataName): Refdata | undefined {
  const directory = name === 'realistic_wmt17de_2k' ? SHARED_REFDATA_DIRECTORY : LOCAL_REFDATA_DIRECTORY;
  const inputPath = join(directory, `${name}.jsonl`);
  const expectedPath = join(directory, `${name}.expected.json`);
  if (name === 'realistic_wmt17de_2k' && (!existsSync(inputPath) || !existsSync(expectedPath))) return undefined;
  const rows = readFileSync(inputPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line): RefdataRow => {
      const raw = JSON.parse(line) as { prediction: string; references?: string[]; reference?: string; note?: string; id?: string };
      const references = raw.references ?? (raw.reference === undefined ? [] : [raw.reference]);
      return { prediction: raw.prediction, references, note: raw.note, id: raw.id };
    });
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as RefdataExpected;
  return { rows, expected };
}
