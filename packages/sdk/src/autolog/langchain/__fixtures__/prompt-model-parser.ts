import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableSequence } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import type { MemoryTracing } from '../../../tracing/__fixtures__/memory-tracing.js';

/** A prompt | fake chat model | string parser chain; the model answers `responses` in turn. */
export function promptModelParser(responses: string[]) {
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', 'You are terse.'],
    ['human', '{question}'],
  ]);
  return RunnableSequence.from([prompt, new FakeListChatModel({ responses }), new StringOutputParser()]);
}

/** One entry per span recorded so far, in export order: name, span type, parent's name and status (for snapshots of a tree's shape). */
export async function spanTree(tracing: MemoryTracing): Promise<Array<{ name: string; spanType: string; parent: string | undefined; status: string }>> {
  const spans = (await tracing.spans()).map((entry) => entry.span);
  const names = new Map(spans.map((span) => [span.spanId, span.name]));
  return spans.map((span) => ({
    name: span.name,
    spanType: span.spanType,
    parent: span.parentSpanId === undefined ? undefined : names.get(span.parentSpanId),
    status: span.status.code,
  }));
}
