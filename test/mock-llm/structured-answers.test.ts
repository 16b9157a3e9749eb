// The mock LLM out of the box (no rules) against what real clients of it check:
// the metrics package's JSON Schema validator on tool arguments and structured
// outputs (fixed schemas and random ones), and the LLM judges' answer parser.
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCorrectness, answerRelevance, faithfulness, makeJudge, matchesJsonSchema } from '@assay/metrics';
import type { JsonSchema, Metric } from '@assay/metrics';
import { createMockLlmServer } from '@assay/sdk/test';
import type { MockLlmServer } from '@assay/sdk/test';

let server: MockLlmServer;
let client: OpenAI;

beforeAll(async () => {
  server = await createMockLlmServer();
  client = new OpenAI({ baseURL: server.baseURL, apiKey: 'mock', maxRetries: 0, timeout: 10_000 });
});

afterAll(async () => {
  await server.close();
});

async function structuredOutput(schema: JsonSchema, stream: boolean): Promise<unknown> {
  const request = { model: 'mock-gpt', messages: [{ role: 'user' as const, content: 'Plan a day in Lisbon' }], response_format: { type: 'json_schema' as const, json_schema: { name: 'out', schema: schema as Record<string, unknown> } } };
  if (!stream) return JSON.parse((await client.chat.completions.create(request)).choices[0]!.message.content!);
  return JSON.parse((await client.chat.completions.stream(request).finalChatCompletion()).choices[0]!.message.content!);
}

async function toolArguments(schema: JsonSchema): Promise<unknown> {
  const response = await client.responses.create({
    model: 'mock-gpt',
    input: 'Plan a day in Lisbon',
    tools: [{ type: 'function', name: 'plan', parameters: schema as Record<string, unknown>, strict: false }],
    tool_choice: 'required',
  });
  const call = response.output[0];
  if (call?.type !== 'function_call') throw new Error(`expected a function call, got ${JSON.stringify(response.output)}`);
  return JSON.parse(call.arguments);
}

function expectValid(value: unknown, schema: JsonSchema): void {
  const result = matchesJsonSchema(value, schema);
  expect(result.errors, `${JSON.stringify(value)} against ${JSON.stringify(schema)}`).toEqual([]);
}

/** Schemas as apps send them: OpenAI's function-calling examples, zod-to-json-schema output, MLflow-like records. */
const SCHEMAS: Record<string, JsonSchema> = {
  'weather tool': {
    type: 'object',
    properties: { location: { type: 'string', description: 'City and country e.g. Bogotá, Colombia' }, units: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['location', 'units'],
    additionalProperties: false,
  },
  'zod output with $ref and nullable': {
    type: 'object',
    properties: {
      title: { type: 'string', minLength: 3, maxLength: 40 },
      steps: { type: 'array', items: { $ref: '#/$defs/step' }, minItems: 2, maxItems: 5 },
      budget: { anyOf: [{ type: 'number', exclusiveMinimum: 0, multipleOf: 0.01 }, { type: 'null' }] },
      startsAt: { type: 'string', format: 'date-time' },
    },
    required: ['title', 'steps', 'budget', 'startsAt'],
    additionalProperties: false,
    $defs: {
      step: {
        type: 'object',
        properties: { place: { type: 'string' }, minutes: { type: 'integer', minimum: 15, maximum: 240, multipleOf: 15 }, kind: { const: 'visit' } },
        required: ['place', 'minutes', 'kind'],
        additionalProperties: false,
      },
    },
  },
  'tuples, unique items, patterns and allOf': {
    type: 'object',
    properties: {
      coordinates: { type: 'array', prefixItems: [{ type: 'number', minimum: -90, maximum: 90 }, { type: 'number', minimum: -180, maximum: 180 }], items: false, minItems: 2 },
      tags: { type: 'array', items: { type: 'string', maxLength: 20 }, minItems: 3, uniqueItems: true },
      code: { type: 'string', pattern: '^[A-Z]{3}$' },
      meta: { allOf: [{ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }, { properties: { ok: { type: 'boolean' } }, required: ['ok'] }] },
      extra: { type: 'object', additionalProperties: { type: 'integer' }, minProperties: 0 },
    },
    required: ['coordinates', 'tags', 'code', 'meta', 'extra'],
  },
  'a recursive tree': {
    $ref: '#/$defs/node',
    $defs: {
      node: {
        type: 'object',
        properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
        required: ['label', 'children'],
        additionalProperties: false,
      },
    },
  },
};

describe('the mock LLM answers values valid for the schema', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name}: structured output (plain and streamed) and tool arguments`, async () => {
      expectValid(await structuredOutput(schema, false), schema);
      expectValid(await structuredOutput(schema, true), schema);
      expectValid(await toolArguments(schema), schema);
    });
  }

  it('for random schemas', async () => {
    const bounds = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }));
    const leaf: fc.Arbitrary<JsonSchema> = fc.oneof(
      fc.record({ type: fc.constant('string' as const), minLength: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: ['type'] }).chain((schema) =>
        fc.record({ maxLength: fc.integer({ min: schema.minLength ?? 0, max: 30 }) }, { requiredKeys: [] }).map((extra) => ({ ...schema, ...extra })),
      ),
      fc.record({ type: fc.constant('string' as const), enum: fc.array(fc.string(), { minLength: 1, maxLength: 3 }) }),
      fc.tuple(fc.constantFrom('integer' as const, 'number' as const), bounds, fc.integer({ min: 1, max: 7 }), fc.boolean(), fc.boolean()).map(([type, [low, span], step, exclusive, useStep]) => ({
        type,
        minimum: low,
        ...(exclusive ? { exclusiveMaximum: low + span + step + 1 } : { maximum: low + span + step }),
        ...(useStep ? { multipleOf: step } : {}),
      })),
      fc.constant<JsonSchema>({ type: 'boolean' }),
      fc.constant<JsonSchema>({ type: ['string', 'null'] }),
    );
    const { schema } = fc.letrec<{ schema: JsonSchema }>((tie) => ({
      schema: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ type: fc.constant('array' as const), items: tie('schema'), minItems: fc.integer({ min: 0, max: 3 }) }),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), tie('schema'), { maxKeys: 4 }).chain((properties) =>
          fc.subarray(Object.keys(properties)).map((required) => ({ type: 'object' as const, properties, required, additionalProperties: false })),
        ),
        fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((branches) => ({ anyOf: branches })),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(schema, async (generated) => {
        const wrapped: JsonSchema = { type: 'object', properties: { value: generated }, required: ['value'], additionalProperties: false };
        expectValid(await structuredOutput(wrapped, false), wrapped);
        expectValid(await toolArguments(wrapped), wrapped);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the LLM judges score against the mock out of the box', () => {
  const row = {
    index: 0,
    inputs: { question: 'What is the capital of France?' },
    output: 'Paris is the capital of France.',
    targets: 'Paris',
    context: ['France: capital Paris. Population 68 million.'],
  };
  const connection = () => ({ model: 'mock-gpt', baseURL: server.baseURL, apiKey: 'mock' });
  const judges: [string, () => Metric, number][] = [
    ['answer_correctness', () => answerCorrectness(connection()), 5],
    ['answer_relevance', () => answerRelevance(connection()), 5],
    ['faithfulness', () => faithfulness(connection()), 5],
    ['makeJudge 0-10', () => makeJudge({ ...connection(), name: 'tone', instructions: 'Score the politeness.', scale: { min: 0, max: 10 } }), 10],
    ['makeJudge 0-1', () => makeJudge({ ...connection(), name: 'grounded', instructions: 'Is it grounded?', scale: { min: 0, max: 1.5 } }), 1.5],
  ];
  for (const [name, create, expected] of judges) {
    it(`${name} gets a valid score on the first answer`, async () => {
      const before = server.requests.length;
      const judge = create();
      const [score] = await judge.scoreRows([row], { concurrency: 1 });
      expect(score!.error).toBeUndefined();
      expect(score!.values[judge.name]).toBe(expected);
      expect(score!.justification).toBe('a short explanation of the score');
      expect(server.requests.length - before).toBe(1);
    });
  }
});
