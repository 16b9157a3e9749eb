/** One point of a metric's history. */
export interface Metric {
  key: string;
  /** Any double, including NaN and ±Infinity. */
  value: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  /** Integer step, 0 by default. */
  step: number;
}

/** A param: logged once per run and key; logging a different value later is an error. */
export interface Param {
  key: string;
  value: string;
}

/** A mutable key/value label on a run or experiment. */
export interface Tag {
  key: string;
  value: string;
}
