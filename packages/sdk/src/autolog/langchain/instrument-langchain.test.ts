import { StringOutputParser } from '@langchain/core/output_parsers';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { trace as otelTrace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useMemoryTracing } from '../../tracing/__fixtures__/memory-tracing.js';
import { currentTraceContext } from '../../tracer/trace-context.js';
import { resetAutologSettings, setAutologSettings } from '../autolog-settings.js';
import { isInsideLlmCall } from '../llm-call-context.js';
import { promptModelParser, spanTree } from './__fixtures__/prompt-model-parser.js';
import { instrumentLangChain, uninstrumentLangChain } from './instrument-langchain.js';
import { trace } from '../../index.js';

const tracing = useMemoryTracing();

describe('instrumentLangChain', () => {
  beforeAll(() => {
    const warn = vi.spyOn(console, 'warn');
    expect(instrumentLangChain()).toBe(true);
    expect(instrumentLangChain()).toBe(true);
    // The private methods it extends are there and effective in this @langchain/core: nothing degraded.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
  afterAll(() => {
    uninstrumentLangChain();
  });
  afterEach(() => {
    resetAutologSettings();
    instrumentLangChain();
  });

  it('nests a user trace() function called inside a RunnableLambda under the lambda span', async () => {
    const lookup = trace(async (key: string) => `value of ${key}`, { name: 'lookup', spanType: 'TOOL' });
    const chain = RunnableSequence.from([
      RunnableLambda.from(async (key: string) => lookup(key)).withConfig({ runName: 'fetch' }),
      RunnableLambda.from((value: string) => value.toUpperCase()).withConfig({ runName: 'shout' }),
    ]);
    expect(await chain.invoke('k')).toBe('VALUE OF K');
    expect(await spanTree(tracing)).toMatchInlineSnapshot(`
      [
        {
          "name": "lookup",
          "parent": "fetch",
          "spanType": "TOOL",
          "status": "UNSET",
        },
        {
          "name": "fetch",
          "parent": "RunnableSequence",
          "spanType": "CHAIN",
          "status": "UNSET",
        },
        {
          "name": "shout",
          "parent": "RunnableSequence",
          "spanType": "CHAIN",
          "status": "UNSET",
        },
        {
          "name": "RunnableSequence",
          "parent": undefined,
          "spanType": "CHAIN",
          "status": "UNSET",
        },
      ]
    `);
  });

  it('records nothing once uninstrumented, and again after instrumenting', async () => {
    uninstrumentLangChain();
    await promptModelParser(['a']).invoke({ question: 'q' });
    expect(await tracing.spans()).toEqual([]);
    instrumentLangChain();
    await promptModelParser(['b']).invoke({ question: 'q' });
    expect((await tracing.spans()).length).toBe(4);
  });

  it('with sampleRate 0 records no run of the tree', async () => {
    setAutologSettings({ sampleRate: 0 });
    const lookup = trace(async (key: string) => key, { name: 'lookup' });
    await RunnableSequence.from([RunnableLambda.from(async (key: string) => ({ question: await lookup(key) })), promptModelParser(['x'])]).invoke('k');
    const names = (await tracing.spans()).map((entry) => entry.span.name);
    expect(names).toEqual(['lookup']);
  });

  // Through the private hook on CallbackManager._configureSync: LangChain's public configure hook does not reach this context.
  it('captures a chain run in a setTimeout callback created before instrumenting', async () => {
    uninstrumentLangChain();
    let run!: () => void;
    const started = new Promise<void>((resolve) => (run = resolve));
    const done = new Promise<string>((resolve, reject) => {
      setTimeout(() => {
        void started.then(() => promptModelParser(['late']).invoke({ question: 'q' }).then(resolve, reject));
      }, 1);
    });
    instrumentLangChain();
    run();
    expect(await done).toBe('late');
    expect((await tracing.spans()).length).toBe(4);
  });

  it('inside a chat model call, the current context is the CHAT_MODEL span marked as one LLM call (invoke and stream)', async () => {
    const seen: Array<{ insideLlmCall: boolean; spanId: string | undefined }> = [];
    const look = () => {
      const context = currentTraceContext();
      seen.push({ insideLlmCall: isInsideLlmCall(context), spanId: otelTrace.getSpan(context)?.spanContext().spanId });
    };
    class ProbeChatModel extends FakeListChatModel {
      override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
        look();
        return super._generate(messages, options, runManager);
      }
      override async *_streamResponseChunks(...args: Parameters<FakeListChatModel['_streamResponseChunks']>) {
        look();
        yield* super._streamResponseChunks(...args);
      }
    }
    const chain = RunnableSequence.from([new ProbeChatModel({ responses: ['ok'] }), new StringOutputParser()]);
    await chain.invoke('hi');
    for await (const _chunk of await chain.stream('hi')) look();
    look();
    const models = (await tracing.spans()).map((entry) => entry.span).filter((span) => span.spanType === 'CHAT_MODEL');
    expect(models).toHaveLength(2);
    expect(seen[0]).toEqual({ insideLlmCall: true, spanId: models[0]!.spanId });
    expect(seen[1]).toEqual({ insideLlmCall: true, spanId: models[1]!.spanId });
    // The consumer of the stream and the code after the chain are outside any LangChain run.
    expect(seen.slice(2).every((entry) => !entry.insideLlmCall && entry.spanId === undefined)).toBe(true);
  });
});
