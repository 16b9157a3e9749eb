import { InvalidArgumentError } from 'commander';

/**
 * Commander argument parser for a repeatable `--tag key=value`; the value
 * may itself contain `=`. Returns the tags collected so far.
 */
export function collectTags(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const separator = value.indexOf('=');
  if (separator <= 0) {
    throw new InvalidArgumentError(`Expected key=value, e.g. --tag team=ml; got '${value}'.`);
  }
  return { ...(previous ?? {}), [value.slice(0, separator)]: value.slice(separator + 1) };
}
