// The example LLM app `assay demo` runs under autolog(): a LangChain travel
// assistant (a retriever, a prompt, a chat model that calls a tool) and direct
// OpenAI calls, all answered by the mock LLM server, so the store holds traces.
import { Document } from '@langchain/core/documents';
import type { AIMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { BaseRetriever } from '@langchain/core/retrievers';
import { RunnableLambda } from '@langchain/core/runnables';
import { DynamicStructuredTool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import OpenAI from 'openai';
import { withSpan } from '@assay/sdk';
import type { MockAnswerRule } from '@assay/sdk/test';

/** The mock LLM's answers for the demo's questions. */
export const DEMO_LLM_RULES: MockAnswerRule[] = [
  { when: { tool: 'get_weather', hasToolResult: false }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } },
  { when: { hasToolResult: true }, reply: 'Take an umbrella: light rain in Paris this afternoon, 14 °C. The Musée d’Orsay is a good dry plan.' },
  { when: { contains: 'Summarise' }, reply: 'Paris in spring: museums on rainy days, picnics on the Seine when it is dry.' },
  { when: { contains: 'museum' }, reply: 'The Louvre, the Musée d’Orsay and the Centre Pompidou are all open on Sundays.' },
];

const GUIDE = [
  'The Louvre is open every day except Tuesday; Friday evenings are the quietest.',
  'The Musée d’Orsay holds impressionist paintings in a former railway station.',
  'Paris spring weather changes fast: pack a light rain jacket.',
  'Picnics along the Seine are popular on dry evenings from May.',
];

/** Finds guide entries sharing words with the question. */
class GuideRetriever extends BaseRetriever {
  override lc_namespace = ['assay', 'demo'];

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const words = new Set(query.toLowerCase().match(/[a-z’']+/g) ?? []);
    return GUIDE.map((text, index) => ({ text, index, score: (text.toLowerCase().match(/[a-z’']+/g) ?? []).filter((word) => words.has(word)).length }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 2)
      .map((entry) => new Document({ pageContent: entry.text, metadata: { source: `guide#${entry.index}` } }));
  }
}

const getWeather = new DynamicStructuredTool({
  name: 'get_weather',
  description: 'The weather forecast for a city today.',
  schema: { type: 'object', properties: { city: { type: 'string', description: 'The city name' } }, required: ['city'] },
  func: async (input: Record<string, unknown>) => `Light rain in ${String(input['city'])} this afternoon, 14 °C.`,
});

/** Runs the demo app's calls against the mock LLM at `baseURL`; returns how many requests it made. */
export async function runDemoLlmApp(baseURL: string): Promise<void> {
  const model = new ChatOpenAI({ model: 'mock-gpt', apiKey: 'mock', temperature: 0, configuration: { baseURL } });
  const retriever = new GuideRetriever();
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', 'You are a travel assistant. Use this guide:\n{context}'],
    ['human', '{question}'],
  ]);
  const parser = new StringOutputParser();

  const assistant = RunnableLambda.from(async (question: string) => {
    const documents = await retriever.invoke(question);
    const messages = await prompt.formatMessages({ context: documents.map((document) => document.pageContent).join('\n'), question });
    const first: AIMessage = await model.bindTools([getWeather]).invoke(messages);
    if (!first.tool_calls?.length) return parser.invoke(first);
    const toolMessages = await Promise.all(first.tool_calls.map((call) => getWeather.invoke(call)));
    return parser.invoke(await model.invoke([...messages, first, ...toolMessages]));
  }).withConfig({ runName: 'travel-assistant' });

  await assistant.invoke('What is the weather in Paris today, and should I visit a museum?');
  await prompt.pipe(model).pipe(parser).withConfig({ runName: 'summarize-guide' }).invoke({
    context: GUIDE.join('\n'),
    question: 'Summarise the guide in one sentence.',
  });

  const client = new OpenAI({ apiKey: 'mock', baseURL, maxRetries: 0 });
  await withSpan({ name: 'plan-museum-day', spanType: 'AGENT', inputs: { city: 'Paris' } }, async () => {
    await client.embeddings.create({ model: 'mock-embed', input: ['rainy day museums', 'picnic spots'] });
    const stream = await client.chat.completions.create({
      model: 'mock-gpt',
      messages: [{ role: 'user', content: 'Which museum should I see on Sunday?' }],
      stream: true,
    });
    let answer = '';
    for await (const chunk of stream) answer += chunk.choices[0]?.delta.content ?? '';
    return answer;
  });
  await client.responses.create({ model: 'mock-gpt', input: 'Suggest one museum for a rainy Sunday in Paris.' });
  await client.chat.completions
    .create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Book a table' }] }, { headers: { 'x-mock-fail': '429' } })
    .catch(() => undefined); // a failed call, so the demo shows an ERROR trace too
}
