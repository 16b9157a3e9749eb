// The mock's answers shaped by tool_choice and the requested output format, through the real openai client over HTTP.
import { ChatOpenAI } from '@langchain/openai';
import OpenAI from 'openai';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import type { FunctionTool } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockLlmServer } from './create-mock-llm-server.js';
import type { MockLlmServer } from './create-mock-llm-server.js';
import type { MockLlmOptions } from './mock-llm-options.js';

const servers: MockLlmServer[] = [];

async function clientFor(options?: MockLlmOptions): Promise<OpenAI> {
  const server = await createMockLlmServer(options);
  servers.push(server);
  return new OpenAI({ baseURL: server.baseURL, apiKey: 'mock', maxRetries: 0, timeout: 10_000 });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const forecastParameters = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    days: { type: 'integer', minimum: 1, maximum: 7 },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    hourly: { type: 'boolean' },
  },
  required: ['city', 'days', 'unit'],
  additionalProperties: false,
};
const forecastTool: ChatCompletionTool = { type: 'function', function: { name: 'get_forecast', description: 'A forecast', parameters: forecastParameters } };
const timeTool: ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string', format: 'date-time' } }, required: ['zone'] } },
};
const expectedForecast = { city: 'Weather in Oslo?', days: 7, unit: 'celsius' };
const messages = [{ role: 'user' as const, content: 'Weather in Oslo?' }];

const answerSchema = {
  type: 'object',
  properties: {
    answer: { type: 'string' },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    sources: { type: 'array', items: { type: 'object', properties: { url: { type: 'string', format: 'uri' } }, required: ['url'], additionalProperties: false } },
  },
  required: ['answer', 'confidence', 'sources'],
  additionalProperties: false,
};
const expectedAnswer = { answer: 'Echo: Weather in Oslo?', confidence: 1, sources: [{ url: 'https://example.com/mock' }] };

describe('the mock LLM: tool_choice', () => {
  it("answers the README's example with the call it shows", async () => {
    const client = await clientFor({ answers: [{ when: { contains: 'refund' }, reply: 'Refunds take 5 days.' }] });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
      tool_choice: 'required',
    });
    expect(completion.choices[0]!.message.tool_calls).toEqual([{ id: 'call_mock_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Weather in Paris?"}' } }]);
  });

  it("calls the first tool for 'required', with arguments valid for its schema, plain and streamed", async () => {
    const client = await clientFor();
    const completion = await client.chat.completions.create({ model: 'm', messages, tools: [forecastTool, timeTool], tool_choice: 'required' });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.content).toBeNull();
    const [call] = completion.choices[0]!.message.tool_calls!;
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_forecast' } });
    expect(JSON.parse(call!.type === 'function' ? call!.function.arguments : '')).toEqual(expectedForecast);

    const streamed = await client.chat.completions.stream({ model: 'm', messages, tools: [forecastTool], tool_choice: 'required' }).finalChatCompletion();
    expect(streamed.choices[0]!.message.tool_calls).toEqual(completion.choices[0]!.message.tool_calls!.map((each) => ({ ...each, id: 'call_mock_2_0' })));
  });

  it('calls the named function, and chat.completions.parse reads strict tool arguments', async () => {
    const client = await clientFor();
    const strict = (tool: ChatCompletionTool) => ({ type: 'function' as const, function: { ...(tool.type === 'function' ? tool.function : { name: '' }), strict: true } });
    const parsed = await client.chat.completions.parse({
      model: 'm',
      messages,
      tools: [strict(forecastTool), strict(timeTool)],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    expect(parsed.choices[0]!.message.tool_calls![0]!.function).toMatchObject({ name: 'get_time', parsed_arguments: { zone: '2023-11-14T22:13:20Z' } });
  });

  it("answers text for 'auto' and 'none' unless a rule calls a tool; a rule's call without arguments gets them from the schema", async () => {
    const client = await clientFor({ answers: [{ when: { contains: 'forecast' }, reply: { toolCalls: [{ name: 'get_forecast' }] } }] });
    for (const toolChoice of ['auto', 'none'] as const) {
      const text = await client.chat.completions.create({ model: 'm', messages, tools: [forecastTool], tool_choice: toolChoice });
      expect(text.choices[0]!.message).toMatchObject({ content: 'Echo: Weather in Oslo?' });
      expect(text.choices[0]!.message.tool_calls).toBeUndefined();
    }
    const ruled = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Weather in Oslo? forecast' }], tools: [forecastTool] });
    const call = ruled.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ ...expectedForecast, city: 'Weather in Oslo? forecast' });
  });

  it('replaces a text rule by a call when a tool is required, and keeps a rule call that fits', async () => {
    const client = await clientFor({
      answers: [
        { when: { contains: 'time' }, reply: { toolCalls: [{ name: 'get_time', arguments: { zone: 'UTC' } }] } },
        { when: {}, reply: 'plain text' },
      ],
    });
    const forced = await client.chat.completions.create({ model: 'm', messages, tools: [forecastTool], tool_choice: { type: 'function', function: { name: 'get_forecast' } } });
    expect(forced.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { name: 'get_forecast' } });
    const kept = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'time?' }], tools: [forecastTool, timeTool], tool_choice: 'required' });
    expect(kept.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { name: 'get_time', arguments: '{"zone":"UTC"}' } });
  });

  it('answers 400 when tool_choice requires a tool the request does not offer', async () => {
    const client = await clientFor();
    const noTools = await client.chat.completions.create({ model: 'm', messages, tool_choice: 'required' }).catch((error: unknown) => error);
    expect(noTools).toBeInstanceOf(OpenAI.BadRequestError);
    expect((noTools as Error).message).toContain("tool_choice 'required' needs at least one function tool in 'tools'.");
    const unknown = await client.chat.completions
      .create({ model: 'm', messages, tools: [forecastTool], tool_choice: { type: 'function', function: { name: 'book' } } })
      .catch((error: unknown) => error);
    expect((unknown as Error).message).toContain("tool_choice names the function 'book', which is not in 'tools' (offered: get_forecast).");
  });

  it('calls tools in the responses API: required, a named function, allowed_tools, plain and streamed', async () => {
    const client = await clientFor();
    const tools: FunctionTool[] = [
      { type: 'function', name: 'get_forecast', parameters: forecastParameters, strict: true },
      { type: 'function', name: 'get_time', parameters: timeTool.type === 'function' ? timeTool.function.parameters! : {}, strict: false },
    ];
    const required = await client.responses.create({ model: 'm', input: 'Weather in Oslo?', tools, tool_choice: 'required' });
    expect(required.output).toEqual([
      { type: 'function_call', id: 'fc_mock_1_0', call_id: 'call_mock_1_0', name: 'get_forecast', arguments: JSON.stringify(expectedForecast), status: 'completed' },
    ]);
    const named = await client.responses.create({ model: 'm', input: 'now', tools, tool_choice: { type: 'function', name: 'get_time' } });
    expect(named.output[0]).toMatchObject({ type: 'function_call', name: 'get_time', arguments: '{"zone":"2023-11-14T22:13:20Z"}' });
    const allowed = await client.responses.create({
      model: 'm',
      input: 'now',
      tools,
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'get_time' }] },
    });
    expect(allowed.output[0]).toMatchObject({ name: 'get_time' });
    const streamed = await client.responses.stream({ model: 'm', input: 'Weather in Oslo?', tools, tool_choice: 'required' }).finalResponse();
    expect(streamed.output[0]).toMatchObject({ type: 'function_call', name: 'get_forecast', arguments: JSON.stringify(expectedForecast) });
  });
});

describe('the mock LLM: JSON output', () => {
  it('answers an instance of a json_schema response_format, plain, parsed and streamed', async () => {
    const client = await clientFor();
    const responseFormat = { type: 'json_schema' as const, json_schema: { name: 'answer', strict: true, schema: answerSchema } };
    const plain = await client.chat.completions.create({ model: 'm', messages, response_format: responseFormat });
    expect(JSON.parse(plain.choices[0]!.message.content!)).toEqual(expectedAnswer);
    const parsed = await client.chat.completions.parse({ model: 'm', messages, response_format: responseFormat });
    expect(parsed.choices[0]!.message.parsed).toEqual(expectedAnswer);
    const streamed = await client.chat.completions.stream({ model: 'm', messages, response_format: responseFormat }).finalChatCompletion();
    expect(JSON.parse(streamed.choices[0]!.message.content!)).toEqual(expectedAnswer);
  });

  it("fills a rule's text into the schema's strings, and keeps a rule's JSON as written", async () => {
    const client = await clientFor({
      answers: [
        { when: { contains: 'json' }, reply: '{"answer": "from the rule", "confidence": 0.5, "sources": []}' },
        { when: {}, reply: 'Sunny.' },
      ],
    });
    const responseFormat = { type: 'json_schema' as const, json_schema: { name: 'answer', schema: answerSchema } };
    const text = await client.chat.completions.create({ model: 'm', messages, response_format: responseFormat });
    expect(JSON.parse(text.choices[0]!.message.content!)).toEqual({ ...expectedAnswer, answer: 'Sunny.' });
    const json = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'json' }], response_format: responseFormat });
    expect(JSON.parse(json.choices[0]!.message.content!)).toEqual({ answer: 'from the rule', confidence: 0.5, sources: [] });
  });

  it("fills the prompt's JSON template for json_object, and wraps other text in {answer}", async () => {
    const client = await clientFor({ answers: [{ when: { contains: 'rule' }, reply: 'not json' }] });
    const judged = await client.chat.completions.create({
      model: 'm',
      messages: [
        { role: 'system', content: 'You grade answers.' },
        { role: 'user', content: 'Grade it. Answer with only {"score": <an integer from 1 to 5>, "justification": "<a short explanation>"}.' },
      ],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(judged.choices[0]!.message.content!)).toEqual({ score: 5, justification: 'a short explanation' });
    const fromSystem = await client.chat.completions.create({
      model: 'm',
      messages: [
        { role: 'system', content: 'Reply as {"sentiment": "<positive|negative>"}' },
        { role: 'user', content: 'I love it' },
      ],
      response_format: { type: 'json_object' },
    });
    expect(fromSystem.choices[0]!.message.content).toBe('{"sentiment":"positive"}');
    const ruled = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'rule {"x": <n>}' }], response_format: { type: 'json_object' } });
    expect(ruled.choices[0]!.message.content).toBe('{"answer":"not json"}');
    const streamed = await client.chat.completions
      .stream({ model: 'm', messages: [{ role: 'user', content: 'Reply {"ok": <true or false>}' }], response_format: { type: 'json_object' } })
      .finalChatCompletion();
    expect(streamed.choices[0]!.message.content).toBe('{"ok":true}');
  });

  it("answers JSON for the responses API's text.format, plain, parsed and streamed", async () => {
    const client = await clientFor();
    const text = { format: { type: 'json_schema' as const, name: 'answer', schema: answerSchema, strict: true } };
    const plain = await client.responses.create({ model: 'm', input: 'Weather in Oslo?', text });
    expect(JSON.parse(plain.output_text)).toEqual(expectedAnswer);
    const parsed = await client.responses.parse({ model: 'm', input: 'Weather in Oslo?', text });
    expect(parsed.output_parsed).toEqual(expectedAnswer);
    const streamed = await client.responses.stream({ model: 'm', input: 'Weather in Oslo?', text }).finalResponse();
    expect(JSON.parse(streamed.output_text)).toEqual(expectedAnswer);
    const object = await client.responses.create({ model: 'm', input: 'Reply {"n": <a number from 2 to 9>}', text: { format: { type: 'json_object' } } });
    expect(object.output_text).toBe('{"n":9}');
  });
});

describe('the mock LLM: LangChain', () => {
  it("serves withStructuredOutput (JSON schema and function calling) and bindTools with tool_choice 'any'", async () => {
    const server = await createMockLlmServer();
    servers.push(server);
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'mock', maxRetries: 0, configuration: { baseURL: server.baseURL } });
    const trip = { type: 'object', title: 'Trip', description: 'A trip', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 3 } }, required: ['city', 'days'] };
    expect(await model.withStructuredOutput(trip, { method: 'jsonSchema' }).invoke('Trip to Rome')).toEqual({ city: 'Echo: Trip to Rome', days: 3 });
    expect(await model.withStructuredOutput(trip, { method: 'functionCalling' }).invoke('Trip to Rome')).toEqual({ city: 'Trip to Rome', days: 3 });
    const forced = await model.bindTools([{ type: 'function', function: { name: 'plan', parameters: trip } }], { tool_choice: 'any' }).invoke('Rome');
    expect(forced.tool_calls).toEqual([{ name: 'plan', args: { city: 'Rome', days: 3 }, type: 'tool_call', id: 'call_mock_3_0' }]);
  });
});
