import { quoteFilterString, validateModelVersionNumber, validateRegisteredModelName } from '@assay/core';
import { PROMPT_TRACE_TAG_PREFIX } from './prompt-tags.js';

/**
 * The searchTraces filter for the traces that used a prompt version (or any
 * version of it), e.g. `searchTraces({ filter: promptTraceFilter('support-answer', 3) })`.
 */
export function promptTraceFilter(name: string, version?: number | string): string {
  const key = `tags.\`${PROMPT_TRACE_TAG_PREFIX}${validateRegisteredModelName(name, 'Prompt name')}\``;
  return version === undefined ? `${key} LIKE '%'` : `${key} = ${quoteFilterString(String(validateModelVersionNumber(version)))}`;
}
