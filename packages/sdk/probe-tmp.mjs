import { generateText, streamText, generateObject, embed, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createMockLlmServer } from '@assay/sdk/test';
const server = await createMockLlmServer({ answers: [{ when: { tool: 'get_weather', hasToolResult: false }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } }, { when: { hasToolResult: true }, reply: 'It is 21 degrees in Paris.' }] });
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('probe');
const openai = createOpenAI({ baseURL: server.baseURL, apiKey: 'x' });
const telemetry = { isEnabled: true, functionId: 'probe', tracer };
const which = process.argv[2];
if (which === 'text') console.log((await generateText({ model: openai.chat('mock-gpt'), system: 'Be brief.', prompt: 'hello there', experimental_telemetry: telemetry })).text);
if (which === 'stream') { const r = streamText({ model: openai.chat('mock-gpt'), prompt: 'stream me', experimental_telemetry: telemetry }); let t=''; for await (const c of r.textStream) t+=c; console.log(t); }
if (which === 'tool') console.log((await generateText({ model: openai.chat('mock-gpt'), prompt: 'weather in Paris', stopWhen: stepCountIs(3), tools: { get_weather: tool({ description: 'weather', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => ({ city, temperature: 21 }) }) }, experimental_telemetry: telemetry })).text);
if (which === 'object') console.log((await generateObject({ model: openai.chat('mock-gpt'), schema: z.object({ name: z.string(), age: z.number() }), prompt: 'a person', experimental_telemetry: telemetry })).object);
if (which === 'embed') console.log((await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello', experimental_telemetry: telemetry })).embedding.length);
for (const s of exporter.getFinishedSpans()) console.log(s.name, JSON.stringify(s.attributes, null, 0), s.events.map(e=>e.name));
await server.close();
