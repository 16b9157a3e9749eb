import type { SpanType } from '@assay/core';
import type { Serialized } from '@langchain/core/load/serializable';

/** The name a run's serialized form gives its class: `name`, else the last part of its `id` path. */
export function serializedName(serialized: Serialized | undefined): string | undefined {
  if (serialized === undefined || serialized === null) return undefined;
  const named = (serialized as { name?: unknown }).name;
  if (typeof named === 'string' && named !== '') return named;
  const id = (serialized as { id?: unknown }).id;
  return Array.isArray(id) && typeof id.at(-1) === 'string' ? (id.at(-1) as string) : undefined;
}

function serializedPath(serialized: Serialized | undefined): string {
  const id = (serialized as { id?: unknown } | undefined)?.id;
  return Array.isArray(id) ? id.join('.') : '';
}

/** The span type of a chain run: PARSER for output parsers, AGENT for agents, CHAIN otherwise. */
export function chainSpanType(options: { serialized: Serialized | undefined; runName: string | undefined; runType: string | undefined }): SpanType {
  const { serialized, runName, runType } = options;
  const path = serializedPath(serialized);
  const name = runName ?? serializedName(serialized) ?? '';
  if (runType === 'parser' || path.includes('output_parsers') || /OutputParser$|Parser$/.test(name)) return 'PARSER';
  // AgentExecutor, LangGraph agents (`createReactAgent`, `createAgent`: graphs and nodes named "agent") and custom agents.
  if (/agent/i.test(name) || /agent/i.test(path)) return 'AGENT';
  return 'CHAIN';
}
