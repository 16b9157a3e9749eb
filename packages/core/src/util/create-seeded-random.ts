/** A source of repeatable pseudo-random numbers. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [minimum, maximum). */
  between(minimum: number, maximum: number): number;
  /** Roughly normal with the given mean and standard deviation (sum of uniforms). */
  normal(mean: number, standardDeviation: number): number;
}

/**
 * A small, fast PRNG (mulberry32): the same numbers on every machine for a
 * given seed (demo data, bootstrap resampling, generated datasets and bench
 * inputs). Not for anything security-related.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    between: (minimum, maximum) => minimum + (maximum - minimum) * next(),
    // Irwin-Hall with 6 uniforms: mean 3, variance 0.5.
    normal: (mean, standardDeviation) => {
      let sum = 0;
      for (let index = 0; index < 6; index += 1) sum += next();
      return mean + ((sum - 3) / Math.SQRT1_2) * standardDeviation;
    },
  };
}
