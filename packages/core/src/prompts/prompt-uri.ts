import { InvalidParameterError } from '../errors/assay-error.js';
import { describe } from '../validation/validate-entity-key.js';

/** What a `prompts:/` URI names: a prompt and one of its versions, by number or alias, or its latest version. */
export type PromptReference = { name: string; version: number } | { name: string; alias: string } | { name: string; latest: true };

/**
 * Parses `prompts:/name/3`, `prompts:/name@alias` or `prompts:/name` (the
 * latest version); `prompts:/name@latest` means the latest too.
 */
export function parsePromptUri(uri: unknown): PromptReference {
  const fix = "Use prompts:/<name>/<version>, prompts:/<name>@<alias> or prompts:/<name>, e.g. 'prompts:/support-answer@production'.";
  if (typeof uri !== 'string' || !uri.startsWith('prompts:/')) throw new InvalidParameterError(`Invalid prompt URI ${describe(uri)}. ${fix}`);
  const rest = uri.slice('prompts:/'.length);
  const at = rest.indexOf('@');
  if (at >= 0) {
    const name = rest.slice(0, at);
    const alias = rest.slice(at + 1);
    if (name === '' || name.includes('/') || !/^[\w-]+$/u.test(alias)) throw new InvalidParameterError(`Invalid prompt URI '${uri}'. ${fix}`);
    return alias === 'latest' ? { name, latest: true } : { name, alias };
  }
  const parts = rest.split('/');
  if (parts.length === 1 && parts[0] !== '') return { name: parts[0]!, latest: true };
  if (parts.length === 2 && parts[0] !== '' && /^[1-9]\d{0,9}$/u.test(parts[1]!)) return { name: parts[0]!, version: Number(parts[1]) };
  throw new InvalidParameterError(`Invalid prompt URI '${uri}'. ${fix}`);
}
