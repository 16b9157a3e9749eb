import { describe, it } from 'vitest';
import { loadRefdata, refdataSkipReason, SHARED_REFDATA_DIRECTORY, type Refdata, type RefdataName } from './load-refdata.js';

/** Every reference file, in the order their suites run. */
const REFDATA_FILES: readonly RefdataName[] = ['edge', 'fuzz_lcs', 'realistic_wmt17de_2k'];

/** Options of {@link describeRefdata}. */
export interface DescribeRefdataOptions {
  /** The suite's title; each file's suite is named `<title>: <file>`. */
  title: string;
  /** Declares the tests of one file, given its rows and expected outputs. */
  tests: (refdata: Refdata) => void;
}

/** True when the environment says it is CI (`CI=true`, `CI=1`, ...), as CI services set it. */
function runningInCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI']?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Declares one suite per reference file. The files that ship with the
 * repository always run. The third-party WMT file lives outside it: where it
 * is absent its suite is skipped with one line saying so, so that a fresh
 * clone passes; under CI its absence fails, so that CI never passes without it.
 */
export function describeRefdata({ title, tests }: DescribeRefdataOptions): void {
  for (const name of REFDATA_FILES) {
    const suite = `${title}: ${name}`;
    const refdata = loadRefdata(name);
    if (refdata !== undefined) {
      describe(suite, () => tests(refdata));
    } else if (runningInCi(process.env)) {
      describe(suite, () => {
        it('has its reference file', () => {
          throw new Error(`CI is set but ${name} is absent from ${SHARED_REFDATA_DIRECTORY}: CI must test against it (link the shared folder beside the repository)`);
        });
      });
    } else {
      const reason = refdataSkipReason(name);
      console.info(reason);
      describe(suite, () => it.skip(reason, () => {}));
    }
  }
}
