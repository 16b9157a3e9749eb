import type { HrTime, TimeInput } from '@opentelemetry/api';

// performance.timeOrigin split into whole and fractional milliseconds, so that
// adding performance.now() to the small fraction keeps sub-microsecond
// precision (a double near 1.7e12 ms only resolves about 0.2 µs).
const ORIGIN_WHOLE_MS = Math.trunc(performance.timeOrigin);
const ORIGIN_FRACTION_MS = performance.timeOrigin - ORIGIN_WHOLE_MS;

// Spans made in the same millisecond share the text of its whole part.
let lastWholeMs = -1;
let lastWholeText = '';

/** Milliseconds as nanoseconds since the epoch, a decimal string (beyond 2^53, so built as text). */
function millisecondsToNanosecondString(wholeMs: number, fractionMs: number): string {
  let whole = wholeMs + Math.floor(fractionMs);
  let nanoseconds = Math.round((fractionMs - Math.floor(fractionMs)) * 1e6);
  if (nanoseconds >= 1e6) {
    whole += 1;
    nanoseconds -= 1e6;
  }
  if (whole !== lastWholeMs) {
    lastWholeMs = whole;
    lastWholeText = String(whole);
  }
  // 1e6 + n has seven digits: its last six are n zero-padded.
  return lastWholeText + String(1e6 + nanoseconds).slice(1);
}

/** Now, as nanoseconds since the epoch (a decimal string), on the monotonic clock OpenTelemetry uses. */
export function nowNanoseconds(): string {
  return millisecondsToNanosecondString(ORIGIN_WHOLE_MS, performance.now() + ORIGIN_FRACTION_MS);
}

/** A `performance.now()` reading as nanoseconds since the epoch (a decimal string), as `nowNanoseconds` gives it. */
export function performanceTimeToNanoseconds(milliseconds: number): string {
  return millisecondsToNanosecondString(ORIGIN_WHOLE_MS, milliseconds + ORIGIN_FRACTION_MS);
}

/** A nanosecond string as OpenTelemetry's [seconds, nanoseconds]. */
export function nanosecondStringToHrTime(nanoseconds: string): HrTime {
  return nanoseconds.length > 9
    ? [Number(nanoseconds.slice(0, -9)), Number(nanoseconds.slice(-9))]
    : [0, Number(nanoseconds)];
}

/** Nanoseconds since the epoch of an HrTime, as a decimal string. */
export function hrTimeToNanosecondString([seconds, nanoseconds]: HrTime): string {
  // The usual normalised time joins as text, without BigInt arithmetic.
  if (Number.isSafeInteger(seconds) && seconds > 0 && Number.isInteger(nanoseconds) && nanoseconds >= 0 && nanoseconds < 1_000_000_000) {
    return `${seconds}${String(nanoseconds).padStart(9, '0')}`;
  }
  return (BigInt(Math.trunc(seconds)) * 1_000_000_000n + BigInt(Math.trunc(nanoseconds))).toString();
}

/**
 * A time given to the OpenTelemetry API (an HrTime, epoch milliseconds, a
 * Date, or performance.now() milliseconds as OpenTelemetry's SDK accepts
 * them) as a nanosecond string; undefined or unreadable input means now.
 */
export function timeInputToNanoseconds(time: TimeInput | undefined): string {
  if (time === undefined) return nowNanoseconds();
  if (Array.isArray(time) && time.length === 2 && Number.isFinite(time[0]) && Number.isFinite(time[1])) {
    return hrTimeToNanosecondString(time as HrTime);
  }
  const milliseconds = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Number.NaN;
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return nowNanoseconds();
  // As in OpenTelemetry's SDK, a number not beyond performance.now() is a performance.now() value.
  if (typeof time === 'number' && milliseconds <= performance.now()) {
    return millisecondsToNanosecondString(ORIGIN_WHOLE_MS, milliseconds + ORIGIN_FRACTION_MS);
  }
  const whole = Math.trunc(milliseconds);
  return millisecondsToNanosecondString(whole, milliseconds - whole);
}
