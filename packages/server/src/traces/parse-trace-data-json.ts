import { InvalidParameterError } from '@assay/core';

// A nanosecond time written as a JSON integer too long for a double (16+ digits).
// Only a real key can match: inside a JSON string every `"` is escaped, so
// `"start_time_unix_nano"` followed by `:` is always a key and its value.
const LONG_NANOSECONDS = /"(start_time_unix_nano|end_time_unix_nano|time_unix_nano|start_time|end_time|timestamp)"(\s*:\s*)(\d{16,})/gu;

/**
 * Parses traces.json exactly: the nanosecond times MLflow's clients write as
 * JSON integers beyond 2^53 (`1795374961571000000`) become strings of digits
 * instead of losing precision.
 * @throws InvalidParameterError for text that is not JSON.
 */
export function parseTraceDataJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(LONG_NANOSECONDS, '"$1"$2"$3"')) as unknown;
  } catch (error) {
    throw new InvalidParameterError('Bad request: traces.json is not valid JSON.', { cause: error });
  }
}
