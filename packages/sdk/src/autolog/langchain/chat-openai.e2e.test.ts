import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { useMemoryTracing } from '../../tracing/__fixtures__/memory-tracing.js';
import { useMockLlmWithAutolog } from './__fixtures__/use-mock-llm-with-autolog.js';

const tracing = useMemoryTracing();
const mock = useMockLlmWithAutolog();

function chain(options: { streaming?: boolean } = {}) {
  const model = new ChatOpenAI({
    model: 'gpt-4o-mini',
    temperature: 0.2,
    maxTokens: 64,
    apiKey: 'mock',
    maxRetries: 0,
    configuration: { baseURL: mock.server.baseURL },
    ...(options.streaming ? { streaming: true, streamUsage: true } : {}),
  });
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', 'Answer briefly.'],
    ['human', '{question}'],
  ]);
  return RunnableSequence.from([prompt, model, new StringOutputParser()]);
}

describe('LangChain ChatOpenAI against a local OpenAI-compatible server', () => {
  it('records one CHAT_MODEL span with the model call details and usage', async () => {
    const answer = await chain().invoke({ question: 'What is the capital of France?' });
    expect(answer).toContain('capital of France');
    const spans = (await tracing.spans()).map((entry) => entry.span);
    expect(spans.map((span) => `${span.spanType} ${span.name}`)).toEqual([
      'CHAIN ChatPromptTemplate',
      'CHAT_MODEL ChatOpenAI',
      'PARSER StrOutputParser',
      'CHAIN RunnableSequence',
    ]);
    const model = spans.find((span) => span.spanType === 'CHAT_MODEL')!;
    const usage = model.attributes['mlflow.chat.tokenUsage'] as { input_tokens: number; output_tokens: number; total_tokens: number };
    expect(usage.input_tokens).toBeGreaterThan(0);
    expect(usage.output_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(model.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.usage.input_tokens': usage.input_tokens,
      'gen_ai.usage.output_tokens': usage.output_tokens,
      'gen_ai.response.finish_reasons': ['stop'],
      'mlflow.spanInputs': {
        messages: [
          { role: 'system', content: 'Answer briefly.' },
          { role: 'user', content: 'What is the capital of France?' },
        ],
      },
    });
    expect(model.attributes['gen_ai.response.id']).toEqual(expect.any(String));
    expect(model.attributes['mlflow.spanOutputs']).toMatchObject({ role: 'assistant', content: answer });
    // The trace's usage total (spans with usage whose parent has none) is the one call's usage.
    const withUsage = spans.filter((span) => span.attributes['mlflow.chat.tokenUsage'] !== undefined);
    expect(withUsage).toEqual([model]);
    expect(mock.server.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
  });

  it('records a streamed ChatOpenAI call once, with usage and the time to the first token', async () => {
    const chunks: string[] = [];
    for await (const chunk of await chain({ streaming: true }).stream({ question: 'Stream a reply please' })) chunks.push(chunk);
    expect(chunks.join('')).toContain('Stream a reply please');
    const spans = (await tracing.spans()).map((entry) => entry.span);
    const models = spans.filter((span) => span.spanType === 'CHAT_MODEL' || span.spanType === 'LLM');
    expect(models).toHaveLength(1);
    expect(spans).toHaveLength(4);
    expect(models[0]!.attributes['mlflow.chat.tokenUsage']).toEqual(expect.objectContaining({ total_tokens: expect.any(Number) }));
    expect(models[0]!.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
  });

  it('nests a direct OpenAI call made inside a RunnableLambda under the lambda', async () => {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ apiKey: 'mock', baseURL: mock.server.baseURL, maxRetries: 0 });
    const lambda = RunnableLambda.from(async (question: string) => {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
      return completion.choices[0]?.message.content ?? '';
    }).withConfig({ runName: 'ask' });
    await lambda.invoke('Hello there');
    const spans = (await tracing.spans()).map((entry) => entry.span);
    expect(spans).toHaveLength(2);
    const [call, parent] = spans;
    expect(parent).toMatchObject({ name: 'ask', spanType: 'CHAIN' });
    expect(call?.parentSpanId).toBe(parent?.spanId);
  });
});
