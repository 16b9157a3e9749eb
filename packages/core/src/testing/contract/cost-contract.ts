import { describe, expect, it } from 'vitest';
import type { Cost, Span } from '../../entities/trace.js';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, OPENINFERENCE_ATTRIBUTES } from '../../tracing/attribute-keys.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';
import { T, makeSpan, searchIds, spanId, traceId } from './trace-fixtures.js';

/** Token usage as the GenAI conventions carry it, with the model that answered. */
function genAiCall(model: string, inputTokens: number, outputTokens: number): Record<string, unknown> {
  return { [GEN_AI_ATTRIBUTES.responseModel]: model, [GEN_AI_ATTRIBUTES.usageInputTokens]: inputTokens, [GEN_AI_ATTRIBUTES.usageOutputTokens]: outputTokens };
}

/**
 * An agent (no usage of its own) calling gpt-4o-mini (a dated snapshot name,
 * with a retry inside it that is priced too but already counted), Claude
 * through OpenInference keys, and a model without a price.
 */
function pricedTrace(trace: number, start: number): Span[] {
  return [
    makeSpan({ trace, span: 1, name: 'agent', type: 'AGENT', start, end: start + 100 }),
    makeSpan({ trace, span: 2, parent: 1, type: 'LLM', start: start + 1, end: start + 50, attributes: genAiCall('gpt-4o-mini-2024-07-18', 1000, 500) }),
    makeSpan({
      trace,
      span: 3,
      parent: 2,
      type: 'CHAT_MODEL',
      start: start + 2,
      end: start + 40,
      attributes: { [GEN_AI_ATTRIBUTES.requestModel]: 'gpt-4o', [ASSAY_ATTRIBUTES.tokenUsage]: { input_tokens: 600, output_tokens: 300, total_tokens: 900 } },
    }),
    makeSpan({
      trace,
      span: 4,
      parent: 1,
      type: 'LLM',
      start: start + 51,
      end: start + 90,
      attributes: {
        [OPENINFERENCE_ATTRIBUTES.modelName]: 'claude-3-5-sonnet-20241022',
        [OPENINFERENCE_ATTRIBUTES.promptTokens]: 100,
        [OPENINFERENCE_ATTRIBUTES.completionTokens]: 20,
      },
    }),
    makeSpan({ trace, span: 5, parent: 1, type: 'LLM', start: start + 91, end: start + 99, attributes: genAiCall('my-private-model', 50, 50) }),
  ];
}

function expectCost(actual: Cost | undefined, expected: Cost): void {
  expect(actual).toBeDefined();
  expect(actual!.inputCost).toBeCloseTo(expected.inputCost, 12);
  expect(actual!.outputCost).toBeCloseTo(expected.outputCost, 12);
  expect(actual!.totalCost).toBeCloseTo(expected.totalCost, 12);
}

// gpt-4o-mini: $0.15 / $0.60 per 1M tokens; claude-3-5-sonnet: $3 / $15; gpt-4o: $2.50 / $10.
const MINI: Cost = { inputCost: 0.00015, outputCost: 0.0003, totalCost: 0.00045 };
const SONNET: Cost = { inputCost: 0.0003, outputCost: 0.0003, totalCost: 0.0006 };
const RETRY: Cost = { inputCost: 0.0015, outputCost: 0.003, totalCost: 0.0045 };
const TRACE: Cost = { inputCost: 0.00045, outputCost: 0.0006, totalCost: 0.00105 };

/** Registers the cost tests: span and trace costs from the built-in and the store's model prices, and cost filters. */
export function describeCostContract(createStore: CreateStore): void {
  describe('costs', () => {
    const fixture = useFreshStore(createStore);

    it('prices each span with usage and a known model, and the trace over its outermost priced spans', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'costs' });
      await store.logSpans({ experimentId, spans: pricedTrace(1, T) });
      const trace = await store.getTrace({ traceId: traceId(1) });
      const costs = new Map(trace.spans.map((span) => [span.spanId, span.cost]));
      expect(costs.get(spanId(1))).toBeUndefined();
      expectCost(costs.get(spanId(2)), MINI);
      expectCost(costs.get(spanId(3)), RETRY);
      expectCost(costs.get(spanId(4)), SONNET);
      expect(costs.get(spanId(5))).toBeUndefined();
      expectCost(trace.info.cost, TRACE);
      expect(trace.info.tokenUsage).toEqual({ inputTokens: 1150, outputTokens: 570, totalTokens: 1720 });
      const { traces } = await store.searchTraces({ experimentIds: [experimentId] });
      expectCost(traces[0]!.cost, TRACE);
    });

    it('counts priced children of a wrapper that has usage but no price, and gives the same cost when the root comes last', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'costs' });
      const spans = [
        makeSpan({ trace: 1, span: 1, name: 'chain', type: 'CHAIN', start: T, end: T + 100, attributes: genAiCall('house-blend', 1100, 520) }),
        makeSpan({ trace: 1, span: 2, parent: 1, type: 'LLM', start: T + 1, end: T + 50, attributes: genAiCall('gpt-4o-mini', 1000, 500) }),
        makeSpan({ trace: 1, span: 3, parent: 1, type: 'LLM', start: T + 51, end: T + 90, attributes: genAiCall('claude-3-5-sonnet-latest', 100, 20) }),
      ];
      await store.logSpans({ experimentId, spans: [spans[1]!, spans[2]!] });
      expectCost((await store.getTrace({ traceId: traceId(1) })).info.cost, TRACE);
      await store.logSpans({ experimentId, spans: [spans[0]!] });
      const trace = await store.getTrace({ traceId: traceId(1) });
      expect(trace.info.state).toBe('OK');
      expect(trace.spans[0]!.cost).toBeUndefined();
      expectCost(trace.info.cost, TRACE);
    });

    it('leaves the cost out, not zero, when no span has a known price; filters and sorts by cost', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'costs' });
      await store.logSpans({ experimentId, spans: pricedTrace(1, T) });
      await store.logSpans({ experimentId, spans: [makeSpan({ trace: 2, span: 1, type: 'LLM', start: T + 1000, end: T + 1001, attributes: genAiCall('my-private-model', 9, 9) })] });
      await store.logSpans({ experimentId, spans: [makeSpan({ trace: 3, span: 1, type: 'LLM', start: T + 2000, end: T + 2001, attributes: genAiCall('gpt-4.1', 10_000, 1000) })] });
      const unpriced = await store.getTrace({ traceId: traceId(2) });
      expect(unpriced.info.cost).toBeUndefined();
      expect(unpriced.info.tokenUsage).toEqual({ inputTokens: 9, outputTokens: 9, totalTokens: 18 });
      // gpt-4.1: 10,000 × $2 + 1,000 × $8 per 1M = $0.028.
      expect(await searchIds(store, experimentId, 'cost.total > 0.01')).toEqual([traceId(3)]);
      expect(await searchIds(store, experimentId, 'cost.total >= 0')).toEqual([traceId(3), traceId(1)]);
      expect(await searchIds(store, experimentId, 'cost.input < 0.001 and cost.output > 0.0005')).toEqual([traceId(1)]);
      expect(await searchIds(store, experimentId, undefined, ['cost.total ASC'])).toEqual([traceId(1), traceId(3), traceId(2)]);
      expect(await searchIds(store, experimentId, undefined, ['cost.total DESC'])).toEqual([traceId(3), traceId(1), traceId(2)]);
    });

    it('prices spans written after setModelPrices with the store\'s prices; deleting them brings the built-in price back', async () => {
      const { store } = fixture;
      const experimentId = await store.createExperiment({ name: 'costs' });
      await store.logSpans({ experimentId, spans: pricedTrace(1, T) });
      await store.setModelPrices({
        prices: [
          { model: 'My-Private-Model', inputPerMillionTokens: 1000, outputPerMillionTokens: 2000 },
          { model: 'gpt-4o-mini', inputPerMillionTokens: 1, outputPerMillionTokens: 1 },
        ],
      });
      const listed = await store.listModelPrices();
      expect(listed.slice(0, 2)).toEqual([
        { model: 'gpt-4o-mini', inputPerMillionTokens: 1, outputPerMillionTokens: 1, origin: 'store' },
        { model: 'my-private-model', inputPerMillionTokens: 1000, outputPerMillionTokens: 2000, origin: 'store' },
      ]);
      expect(listed.filter((price) => price.model === 'gpt-4o-mini')).toHaveLength(1);
      expect(listed).toContainEqual({ model: 'gpt-4o', inputPerMillionTokens: 2.5, outputPerMillionTokens: 10, origin: 'built-in' });

      await store.logSpans({ experimentId, spans: pricedTrace(2, T + 1000) });
      const repriced = await store.getTrace({ traceId: traceId(2) });
      const costs = new Map(repriced.spans.map((span) => [span.spanId, span.cost]));
      expectCost(costs.get(spanId(2)), { inputCost: 0.001, outputCost: 0.0005, totalCost: 0.0015 });
      expectCost(costs.get(spanId(5)), { inputCost: 0.05, outputCost: 0.1, totalCost: 0.15 });
      expectCost(repriced.info.cost, { inputCost: 0.0513, outputCost: 0.1008, totalCost: 0.1521 });
      // A trace keeps the cost it was written with.
      expectCost((await store.getTrace({ traceId: traceId(1) })).info.cost, TRACE);

      await store.deleteModelPrices({ models: ['GPT-4o-mini', 'never-set'] });
      expect((await store.listModelPrices()).find((price) => price.model === 'gpt-4o-mini')).toEqual({
        model: 'gpt-4o-mini',
        inputPerMillionTokens: 0.15,
        outputPerMillionTokens: 0.6,
        origin: 'built-in',
      });
      await store.logSpans({ experimentId, spans: pricedTrace(3, T + 2000) });
      expectCost((await store.getTrace({ traceId: traceId(3) })).spans.find((span) => span.spanId === spanId(2))?.cost, MINI);
    });

    it('rejects bad prices with INVALID_PARAMETER_VALUE naming the entry, setting none of them', async () => {
      const { store } = fixture;
      const good = { model: 'mine', inputPerMillionTokens: 1, outputPerMillionTokens: 1 };
      const reject = (price: unknown, ...parts: string[]): Promise<unknown> =>
        expectAssayError(() => store.setModelPrices({ prices: [good, price as typeof good] }), 'INVALID_PARAMETER_VALUE', ...parts);
      await reject({ ...good, model: 'other', inputPerMillionTokens: -1 }, 'prices[1].inputPerMillionTokens');
      await reject({ ...good, model: 'other', outputPerMillionTokens: 2_000_000 }, 'prices[1].outputPerMillionTokens', 'per million tokens');
      await reject({ ...good, model: 'my model' }, 'prices[1].model', 'spaces');
      await reject({ ...good, model: 'MINE' }, 'listed twice');
      await expectAssayError(() => store.deleteModelPrices({ models: 'mine' as unknown as string[] }), 'INVALID_PARAMETER_VALUE', 'models must be a list');
      expect((await store.listModelPrices()).filter((price) => price.origin === 'store')).toEqual([]);
    });
  });
}
