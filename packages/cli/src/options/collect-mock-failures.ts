import { InvalidArgumentError } from 'commander';
import type { MockFailure } from '@assay/sdk/test';

const FAILURE_SPEC = /^(?<what>\d{3}|hang|reset)(?::(?<times>\d+))?(?:@(?<path>\/\S*))?$/;

/**
 * Commander argument parser for a repeatable `--fail <status|hang|reset>[:times][@path]`,
 * e.g. `--fail 429:3`, `--fail hang@/v1/embeddings`. Returns the failures collected so far.
 */
export function collectMockFailures(value: string, previous: MockFailure[] | undefined): MockFailure[] {
  const groups = FAILURE_SPEC.exec(value.trim())?.groups;
  if (groups?.what === undefined) {
    throw new InvalidArgumentError(`Expected <status|hang|reset>[:times][@path], e.g. 429:3 or hang@/v1/chat/completions; got '${value}'.`);
  }
  const failure: MockFailure = {};
  if (groups.what === 'hang' || groups.what === 'reset') failure.kind = groups.what;
  else {
    const status = Number(groups.what);
    if (status < 400 || status > 599) throw new InvalidArgumentError(`Expected an HTTP error status from 400 to 599; got ${status}.`);
    failure.status = status;
  }
  if (groups.times !== undefined) {
    const times = Number(groups.times);
    if (!Number.isSafeInteger(times) || times < 1) throw new InvalidArgumentError(`Expected the number of failures after ':' to be at least 1; got '${value}'.`);
    failure.times = times;
  }
  if (groups.path !== undefined) failure.path = groups.path;
  return [...(previous ?? []), failure];
}
