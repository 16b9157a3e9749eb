import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { useMemoryTracing } from '../../tracing/__fixtures__/memory-tracing.js';
import { useMockLlmWithAutolog } from './__fixtures__/use-mock-llm-with-autolog.js';

const tracing = useMemoryTracing();
// The first model call asks for the tool; the second, with its result, answers.
const mock = useMockLlmWithAutolog({
  answers: [
    { when: { tool: 'get_weather', hasToolResult: false }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } },
    { when: { hasToolResult: true }, reply: 'It is 4 degrees in Oslo.' },
  ],
});

describe("LangGraph's createReactAgent with ChatOpenAI and a tool, against a local OpenAI-compatible server", () => {
  it('records the graph, its nodes, each model call once and the tool call, as one tree', async () => {
    const weather = tool(async (input: { city: string }) => `4 degrees in ${input.city}`, {
      name: 'get_weather',
      description: 'Current weather in a city',
      schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    });
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'mock', maxRetries: 0, configuration: { baseURL: mock.server.baseURL } });
    const agent = createReactAgent({ llm: model, tools: [weather] });

    const result = await agent.invoke({ messages: [{ role: 'user', content: 'What is the weather in Oslo?' }] });

    expect(result.messages.at(-1)?.content).toBe('It is 4 degrees in Oslo.');
    expect(mock.server.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(2);
    const spans = (await tracing.spans()).map((entry) => entry.span);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const depth = (span: (typeof spans)[number]): number => (span.parentSpanId === undefined ? 0 : 1 + depth(byId.get(span.parentSpanId)!));
    const tree = [...spans]
      .sort((left, right) => Number(BigInt(left.startTimeUnixNano) - BigInt(right.startTimeUnixNano)))
      .map((span) => `${'  '.repeat(depth(span))}${span.spanType} ${span.name}`);
    expect(tree).toMatchInlineSnapshot(`
      [
        "CHAIN LangGraph",
        "  CHAIN __start__",
        "  AGENT agent",
        "    CHAIN RunnableSequence",
        "      CHAIN prompt",
        "      CHAT_MODEL ChatOpenAI",
        "    CHAIN RunnableLambda",
        "  CHAIN tools",
        "    TOOL get_weather",
        "  AGENT agent",
        "    CHAIN RunnableSequence",
        "      CHAIN prompt",
        "      CHAT_MODEL ChatOpenAI",
        "    CHAIN RunnableLambda",
      ]
    `);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    // One span per ChatOpenAI call: the openai `create` call inside it gets none of its own.
    expect(spans.filter((span) => span.spanType === 'CHAT_MODEL').map((span) => span.name)).toEqual(['ChatOpenAI', 'ChatOpenAI']);
    const toolSpan = spans.find((span) => span.spanType === 'TOOL');
    expect(toolSpan).toMatchObject({ name: 'get_weather', attributes: { 'mlflow.spanInputs': { city: 'Oslo' }, 'mlflow.spanOutputs': '4 degrees in Oslo' } });
  });
});
