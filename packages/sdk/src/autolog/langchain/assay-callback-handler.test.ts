// Over 400 lines: one scenario per kind of LangChain run (chain, chat model, LLM, tool, retriever, parser, agent), each with its span tree as an inline snapshot.
import { Document } from '@langchain/core/documents';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { FakeLLM, FakeRetriever } from '@langchain/core/utils/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useMemoryTracing } from '../../tracing/__fixtures__/memory-tracing.js';
import { resetAutologSettings, setAutologSettings } from '../autolog-settings.js';
import { AssayCallbackHandler } from './assay-callback-handler.js';
import { promptModelParser, spanTree } from './__fixtures__/prompt-model-parser.js';
import { instrumentLangChain, uninstrumentLangChain } from './instrument-langchain.js';

const tracing = useMemoryTracing();

describe('LangChain runs recorded as spans', () => {
  beforeAll(() => {
    expect(instrumentLangChain()).toBe(true);
  });
  afterAll(() => {
    uninstrumentLangChain();
  });
  afterEach(() => {
    resetAutologSettings();
    instrumentLangChain();
  });

  it('records a prompt | model | parser chain as one trace, without callbacks passed', async () => {
    const answer = await promptModelParser(['Paris.']).invoke({ question: 'Capital of France?' });
    expect(answer).toBe('Paris.');
    expect(await tracing.normalizedSpans()).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "langchain.tags": [
              "seq:step:1",
            ],
            "mlflow.spanInputs": {
              "question": "Capital of France?",
            },
            "mlflow.spanOutputs": {
              "messages": [
                {
                  "content": "You are terse.",
                  "role": "system",
                },
                {
                  "content": "Capital of France?",
                  "role": "user",
                },
              ],
            },
            "mlflow.spanType": "CHAIN",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "ChatPromptTemplate",
          "parentSpanId": "<span-3>",
          "spanId": "<span-2>",
          "spanType": "CHAIN",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
        {
          "attributes": {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "FakeListChatModel",
            "langchain.metadata": {
              "ls_integration": "langchain_chat_model",
              "ls_model_type": "chat",
              "ls_provider": "FakeListChatModel",
            },
            "langchain.tags": [
              "seq:step:2",
            ],
            "mlflow.message.format": "langchain",
            "mlflow.spanInputs": {
              "messages": [
                {
                  "content": "You are terse.",
                  "role": "system",
                },
                {
                  "content": "Capital of France?",
                  "role": "user",
                },
              ],
            },
            "mlflow.spanOutputs": {
              "content": "Paris.",
              "role": "assistant",
            },
            "mlflow.spanType": "CHAT_MODEL",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "FakeListChatModel",
          "parentSpanId": "<span-3>",
          "spanId": "<span-4>",
          "spanType": "CHAT_MODEL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
        {
          "attributes": {
            "langchain.tags": [
              "seq:step:3",
            ],
            "mlflow.spanInputs": {
              "content": "Paris.",
              "role": "assistant",
            },
            "mlflow.spanOutputs": {
              "output": "Paris.",
            },
            "mlflow.spanType": "PARSER",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "StrOutputParser",
          "parentSpanId": "<span-3>",
          "spanId": "<span-5>",
          "spanType": "PARSER",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
        {
          "attributes": {
            "mlflow.spanInputs": {
              "question": "Capital of France?",
            },
            "mlflow.spanOutputs": {
              "output": "Paris.",
            },
            "mlflow.spanType": "CHAIN",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "RunnableSequence",
          "spanId": "<span-3>",
          "spanType": "CHAIN",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });

  it('records a chain with a retriever and a tool, nested by run', async () => {
    const retriever = new FakeRetriever({ output: [new Document({ pageContent: 'Oslo is cold.', metadata: { source: 'wiki' } })] });
    const weather = tool(async (input: { city: string }) => `4 degrees in ${input.city}`, {
      name: 'weather',
      description: 'Current weather',
      schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    });
    const chain = RunnableLambda.from(async (question: string) => {
      const documents = await retriever.invoke(question);
      // `tool()` with a JSON schema types `invoke` as a union TypeScript cannot call.
      const forecast = await (weather as unknown as { invoke(input: { city: string }): Promise<string> }).invoke({ city: 'Oslo' });
      return `${documents.length} document(s); ${forecast}`;
    }).withConfig({ runName: 'answer', tags: ['demo'], metadata: { user: 'u1' } });
    expect(await chain.invoke('Weather in Oslo?')).toBe('1 document(s); 4 degrees in Oslo');
    expect(await tracing.normalizedSpans()).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "langchain.metadata": {
              "user": "u1",
            },
            "langchain.tags": [
              "demo",
            ],
            "mlflow.spanInputs": {
              "query": "Weather in Oslo?",
            },
            "mlflow.spanOutputs": [
              {
                "metadata": {
                  "source": "wiki",
                },
                "page_content": "Oslo is cold.",
              },
            ],
            "mlflow.spanType": "RETRIEVER",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "FakeRetriever",
          "parentSpanId": "<span-3>",
          "spanId": "<span-2>",
          "spanType": "RETRIEVER",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
        {
          "attributes": {
            "langchain.metadata": {
              "user": "u1",
            },
            "langchain.tags": [
              "demo",
            ],
            "mlflow.spanInputs": {
              "city": "Oslo",
            },
            "mlflow.spanOutputs": "4 degrees in Oslo",
            "mlflow.spanType": "TOOL",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "weather",
          "parentSpanId": "<span-3>",
          "spanId": "<span-4>",
          "spanType": "TOOL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
        {
          "attributes": {
            "langchain.metadata": {
              "user": "u1",
            },
            "langchain.tags": [
              "demo",
            ],
            "mlflow.spanInputs": {
              "input": "Weather in Oslo?",
            },
            "mlflow.spanOutputs": {
              "output": "1 document(s); 4 degrees in Oslo",
            },
            "mlflow.spanType": "CHAIN",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "answer",
          "spanId": "<span-3>",
          "spanType": "CHAIN",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });

  it('records an error inside a tool and rethrows the chain error unchanged', async () => {
    const failure = new Error('tool exploded');
    const broken = tool(
      async () => {
        throw failure;
      },
      { name: 'broken', description: 'always fails', schema: { type: 'object', properties: {} } },
    );
    const chain = RunnableSequence.from([RunnableLambda.from((input: string) => ({ input })), broken]);
    await expect(chain.invoke('go')).rejects.toBe(failure);
    const spans = await tracing.normalizedSpans();
    expect(await spanTree(tracing)).toMatchInlineSnapshot(`
      [
        {
          "name": "RunnableLambda",
          "parent": "RunnableSequence",
          "spanType": "CHAIN",
          "status": "UNSET",
        },
        {
          "name": "broken",
          "parent": "RunnableSequence",
          "spanType": "TOOL",
          "status": "ERROR",
        },
        {
          "name": "RunnableSequence",
          "parent": undefined,
          "spanType": "CHAIN",
          "status": "ERROR",
        },
      ]
    `);
    const toolSpan = spans.find((span) => span.name === 'broken');
    expect(toolSpan?.status).toEqual({ code: 'ERROR', message: 'tool exploded' });
    expect(toolSpan?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('records a streamed chain, with the time to the first token', async () => {
    const chunks: string[] = [];
    for await (const chunk of await promptModelParser(['Hi there']).stream({ question: 'Hello?' })) chunks.push(chunk);
    expect(chunks.join('')).toBe('Hi there');
    const spans = await tracing.normalizedSpans();
    expect(await spanTree(tracing)).toMatchInlineSnapshot(`
      [
        {
          "name": "ChatPromptTemplate",
          "parent": "RunnableSequence",
          "spanType": "CHAIN",
          "status": "UNSET",
        },
        {
          "name": "FakeListChatModel",
          "parent": "RunnableSequence",
          "spanType": "CHAT_MODEL",
          "status": "UNSET",
        },
        {
          "name": "StrOutputParser",
          "parent": "RunnableSequence",
          "spanType": "PARSER",
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
    const model = spans.find((span) => span.spanType === 'CHAT_MODEL');
    expect(model?.attributes['mlflow.spanOutputs']).toEqual({ role: 'assistant', content: 'Hi there' });
    expect(typeof model?.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
    expect(model?.events.map((event) => event.name)).toEqual(['first_token']);
  });

  it('records an LLM (text completion) run', async () => {
    const llm = new FakeLLM({ response: 'forty-two' });
    expect(await llm.invoke('The answer?')).toBe('forty-two');
    const [span] = await tracing.normalizedSpans();
    expect(span).toMatchObject({ name: 'FakeLLM', spanType: 'LLM', attributes: { 'mlflow.spanInputs': { prompts: ['The answer?'] }, 'mlflow.spanOutputs': 'forty-two' } });
  });

  it('with captureContent false records shapes and roles but no text', async () => {
    setAutologSettings({ captureContent: false });
    await promptModelParser(['Secret answer']).invoke({ question: 'Secret question' });
    const spans = await tracing.normalizedSpans();
    const model = spans.find((span) => span.spanType === 'CHAT_MODEL');
    expect(model?.attributes['mlflow.spanInputs']).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "[text: 14 chars]",
            "role": "system",
          },
          {
            "content": "[text: 15 chars]",
            "role": "user",
          },
        ],
      }
    `);
    expect(model?.attributes['mlflow.spanOutputs']).toEqual({ role: 'assistant', content: '[text: 13 chars]' });
    expect(JSON.stringify(spans)).not.toContain('Secret');
  });

  it('records runs for an explicitly passed AssayCallbackHandler without autolog; agents get AGENT spans with action events', async () => {
    uninstrumentLangChain();
    const agent = RunnableLambda.from(async (task: string) => `done: ${task}`).withConfig({ runName: 'travel_agent' });
    await agent.invoke('book', { callbacks: [new AssayCallbackHandler()] });
    const handler = new AssayCallbackHandler();
    handler.handleChainStart({ lc: 1, type: 'not_implemented', id: ['langchain', 'agents', 'AgentExecutor'] }, { input: 'plan' }, 'run-1');
    handler.handleAgentAction({ tool: 'search', toolInput: { q: 'Oslo' }, log: 'I should search' }, 'run-1');
    handler.handleAgentEnd({ returnValues: { output: 'Oslo' }, log: 'Final answer' }, 'run-1');
    handler.handleChainEnd({ output: 'Oslo' }, 'run-1');
    const spans = await tracing.normalizedSpans();
    expect(spans.map((span) => `${span.spanType} ${span.name}`)).toEqual(['AGENT travel_agent', 'AGENT AgentExecutor']);
    expect(spans[1]?.events).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "langchain.agent.log": "I should search",
            "langchain.agent.tool": "search",
            "langchain.agent.tool_input": {
              "q": "Oslo",
            },
          },
          "name": "agent_action",
          "timeUnixNano": "<time>",
        },
        {
          "attributes": {
            "langchain.agent.log": "Final answer",
            "langchain.agent.return_values": {
              "output": "Oslo",
            },
          },
          "name": "agent_finish",
          "timeUnixNano": "<time>",
        },
      ]
    `);
  });
});
