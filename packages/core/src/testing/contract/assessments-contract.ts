import { describe, expect, it } from 'vitest';
import type { FeedbackAssessment, JsonValue } from '../../entities/assessment.js';
import type { NewAssessment } from '../../store/assessment-store.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';
import { T, agentTrace, searchIds, spanId, traceId } from './trace-fixtures.js';

const ASSESSMENT_ID = /^a-[0-9a-f]{32}$/u;
const HUMAN = { sourceType: 'HUMAN', sourceId: 'ada@example.com' } as const;
const JUDGE = { sourceType: 'LLM_JUDGE', sourceId: 'openai:/gpt-4o-mini' } as const;

/** An experiment with agent traces 1..count. */
async function seedTraces(store: Store, count: number): Promise<string> {
  const experimentId = await store.createExperiment({ name: 'assessed' });
  for (let index = 1; index <= count; index++) await store.logSpans({ experimentId, spans: agentTrace(index, T + index * 1000) });
  return experimentId;
}

/** A judge's feedback on trace number `trace`. */
function feedback(trace: number, name: string, value: JsonValue): NewAssessment {
  return { traceId: traceId(trace), name, source: JUDGE, feedback: { value } };
}

/** Registers the assessment tests: logAssessments, getAssessment, updateAssessment, deleteAssessment, and assessments in reads and filters. */
export function describeAssessmentsContract(createStore: CreateStore): void {
  describe('assessments', () => {
    const fixture = useFreshStore(createStore);

    it('logs feedback and expectations and returns them as stored, read back with the trace', async () => {
      const { store } = fixture;
      await seedTraces(store, 1);
      const before = Date.now();
      const [rating, expected] = await store.logAssessments({
        assessments: [
          { ...feedback(1, 'correctness', 4), rationale: 'Mostly right.', spanId: spanId(2), metadata: { rubric: 'v2' } },
          { traceId: traceId(1), name: 'expected_answer', source: HUMAN, expectation: { value: { answer: 'Paris', sources: ['wiki'] } } },
        ],
      });
      expect(rating).toEqual({
        assessmentId: expect.stringMatching(ASSESSMENT_ID) as string,
        name: 'correctness',
        traceId: traceId(1),
        spanId: spanId(2),
        source: JUDGE,
        createTime: expect.any(Number) as number,
        lastUpdateTime: rating!.createTime,
        rationale: 'Mostly right.',
        metadata: { rubric: 'v2' },
        valid: true,
        feedback: { value: 4 },
      });
      expect(rating!.createTime).toBeGreaterThanOrEqual(before);
      expect(expected).toMatchObject({ name: 'expected_answer', source: HUMAN, expectation: { value: { answer: 'Paris', sources: ['wiki'] } }, valid: true, metadata: {} });
      expect(expected!.assessmentId).not.toBe(rating!.assessmentId);

      const trace = await store.getTrace({ traceId: traceId(1) });
      expect(trace.info.assessments).toEqual([rating, expected]);
      const { traces } = await store.searchTraces({ experimentIds: [trace.info.experimentId] });
      expect(traces[0]!.assessments).toEqual([rating, expected]);
      expect(await store.getAssessment({ traceId: traceId(1), assessmentId: expected!.assessmentId })).toEqual(expected);
    });

    it('keeps JSON values of every kind, and a feedback that has only an error', async () => {
      const { store } = fixture;
      await seedTraces(store, 1);
      const values = ['yes', 0.25, true, false, [1, 'two'], { nested: { deep: null } }];
      const logged = await store.logAssessments({ assessments: values.map((value, index) => feedback(1, `v${index}`, value)) });
      expect(logged.map((assessment) => (assessment as FeedbackAssessment).feedback.value)).toEqual(values);
      const [failed] = await store.logAssessments({
        assessments: [{ ...feedback(1, 'safety', null), feedback: { value: null, error: { errorCode: 'RATE_LIMIT_EXCEEDED', errorMessage: 'judge was rate limited' } } }],
      });
      expect(failed).toMatchObject({ feedback: { value: null, error: { errorCode: 'RATE_LIMIT_EXCEEDED', errorMessage: 'judge was rate limited' } } });
      expect((await store.getTrace({ traceId: traceId(1) })).info.assessments.map((assessment) => assessment.name)).toEqual([
        'v0',
        'v1',
        'v2',
        'v3',
        'v4',
        'v5',
        'safety',
      ]);
    });

    it('overrides an assessment, which stays stored but not valid; deleting the override makes it valid again', async () => {
      const { store } = fixture;
      const experimentId = await seedTraces(store, 1);
      const [original] = await store.logAssessments({ assessments: [feedback(1, 'correctness', 2)] });
      const [override] = await store.logAssessments({
        assessments: [{ ...feedback(1, 'correctness', 5), source: HUMAN, overrides: original!.assessmentId, rationale: 'The judge missed the citation.' }],
      });
      expect(override).toMatchObject({ overrides: original!.assessmentId, valid: true });
      const overridden = await store.getAssessment({ traceId: traceId(1), assessmentId: original!.assessmentId });
      expect(overridden.valid).toBe(false);
      expect(overridden.lastUpdateTime).toBeGreaterThanOrEqual(original!.lastUpdateTime);
      expect(await searchIds(store, experimentId, 'feedback.correctness < 3')).toEqual([]);
      expect(await searchIds(store, experimentId, 'feedback.correctness = 5')).toEqual([traceId(1)]);

      await store.deleteAssessment({ traceId: traceId(1), assessmentId: override!.assessmentId });
      expect((await store.getAssessment({ traceId: traceId(1), assessmentId: original!.assessmentId })).valid).toBe(true);
      expect((await store.getTrace({ traceId: traceId(1) })).info.assessments.map((assessment) => assessment.assessmentId)).toEqual([original!.assessmentId]);
      expect(await searchIds(store, experimentId, 'feedback.correctness < 3')).toEqual([traceId(1)]);
    });

    it('updates the fields given in place, merging metadata, and keeps the others', async () => {
      const { store } = fixture;
      const experimentId = await seedTraces(store, 1);
      const [rating] = await store.logAssessments({ assessments: [{ ...feedback(1, 'tone', 'rude'), rationale: 'Harsh words.', metadata: { rubric: 'v1', reviewer: 'judge' } }] });
      const updated = await store.updateAssessment({
        traceId: traceId(1),
        assessmentId: rating!.assessmentId,
        value: 'polite',
        metadata: { rubric: 'v2' },
      });
      expect(updated).toMatchObject({
        assessmentId: rating!.assessmentId,
        name: 'tone',
        feedback: { value: 'polite' },
        rationale: 'Harsh words.',
        metadata: { rubric: 'v2', reviewer: 'judge' },
        createTime: rating!.createTime,
      });
      expect(updated.lastUpdateTime).toBeGreaterThanOrEqual(rating!.lastUpdateTime);
      expect(await searchIds(store, experimentId, "feedback.tone = 'polite'")).toEqual([traceId(1)]);
      expect(await searchIds(store, experimentId, "feedback.tone = 'rude'")).toEqual([]);
      const renamed = await store.updateAssessment({ traceId: traceId(1), assessmentId: rating!.assessmentId, name: 'politeness', rationale: 'Kind.' });
      expect(renamed).toMatchObject({ name: 'politeness', rationale: 'Kind.', feedback: { value: 'polite' } });
      expect(await store.getAssessment({ traceId: traceId(1), assessmentId: rating!.assessmentId })).toEqual(renamed);
    });

    it('refuses updates that break the kind of assessment, and an update with nothing to change', async () => {
      const { store } = fixture;
      await seedTraces(store, 1);
      const [expected] = await store.logAssessments({ assessments: [{ traceId: traceId(1), name: 'answer', source: HUMAN, expectation: { value: 'Paris' } }] });
      const ids = { traceId: traceId(1), assessmentId: expected!.assessmentId };
      await expectAssayError(() => store.updateAssessment({ ...ids, error: { errorCode: 'X' } }), 'INVALID_PARAMETER_VALUE', 'only feedback has an error');
      await expectAssayError(() => store.updateAssessment({ ...ids, value: null }), 'INVALID_PARAMETER_VALUE', 'must not be null');
      await expectAssayError(() => store.updateAssessment(ids), 'INVALID_PARAMETER_VALUE', 'at least one field');
      expect(await store.getAssessment(ids)).toEqual(expected);
    });

    it('finds traces by feedback and expectations: numbers as numbers, quoted values as text, with OR', async () => {
      const { store } = fixture;
      const experimentId = await seedTraces(store, 3);
      await store.logAssessments({
        assessments: [
          feedback(1, 'rating', 5),
          feedback(2, 'rating', 2),
          feedback(3, 'rating', 'n/a'),
          feedback(1, 'correct', true),
          feedback(2, 'correct', false),
          feedback(3, 'correct', 'yes'),
          { traceId: traceId(2), name: 'answer', source: HUMAN, expectation: { value: 'Paris' } },
          { traceId: traceId(3), name: 'answer', source: HUMAN, expectation: { value: { city: 'Rome' } } },
        ],
      });
      const [one, two, three] = [traceId(1), traceId(2), traceId(3)];
      expect(await searchIds(store, experimentId, 'feedback.rating > 3')).toEqual([one]);
      expect(await searchIds(store, experimentId, 'feedback.rating <= 5')).toEqual([two, one]);
      expect(await searchIds(store, experimentId, "feedback.rating = 'n/a'")).toEqual([three]);
      expect(await searchIds(store, experimentId, "feedback.rating = '5'")).toEqual([one]);
      expect(await searchIds(store, experimentId, "feedback.correct = 'true'")).toEqual([one]);
      expect(await searchIds(store, experimentId, "feedback.correct IN ('yes', 'false')")).toEqual([three, two]);
      expect(await searchIds(store, experimentId, "expectation.answer = 'Paris'")).toEqual([two]);
      expect(await searchIds(store, experimentId, "expectation.answer LIKE '%Rome%'")).toEqual([three]);
      expect(await searchIds(store, experimentId, "feedback.answer = 'Paris'")).toEqual([]);
      expect(await searchIds(store, experimentId, "expectation.rating > 0")).toEqual([]);
      expect(await searchIds(store, experimentId, "feedback.rating > 4 or expectation.answer = 'Paris'")).toEqual([two, one]);
      expect(await searchIds(store, experimentId, 'feedback.`no such name` > 0')).toEqual([]);
    });

    it('rejects malformed assessments with INVALID_PARAMETER_VALUE naming the field, logging none of the batch', async () => {
      const { store } = fixture;
      await seedTraces(store, 1);
      const valid = feedback(1, 'ok', 1);
      const reject = (assessment: unknown, ...parts: string[]): Promise<unknown> =>
        expectAssayError(() => store.logAssessments({ assessments: [valid, assessment as NewAssessment] }), 'INVALID_PARAMETER_VALUE', ...parts);
      await reject({ ...valid, name: '' }, 'assessments[1].name');
      await reject({ ...valid, source: { sourceType: 'ROBOT', sourceId: 'x' } }, 'assessments[1].source.sourceType', 'HUMAN, LLM_JUDGE, CODE');
      await reject({ ...valid, traceId: 'tr-nope' }, 'assessments[1].traceId');
      await reject({ ...valid, spanId: 'xyz' }, 'assessments[1].spanId');
      await reject({ ...valid, expectation: { value: 1 } }, 'exactly one of feedback');
      await reject({ traceId: traceId(1), name: 'x', source: HUMAN }, 'exactly one of feedback');
      await reject({ ...valid, feedback: { value: null } }, 'assessments[1].feedback.value is required');
      await reject({ ...valid, feedback: { value: Number.NaN } }, 'assessments[1].feedback.value', 'finite');
      await reject({ ...valid, feedback: { value: new Date(0) } }, 'assessments[1].feedback.value', 'must be JSON');
      await reject({ ...valid, metadata: { k: 1 } }, 'assessments[1].metadata.k');
      await reject({ ...valid, overrides: 'a-1' }, 'assessments[1].overrides');
      await reject({ ...valid, spanId: spanId(99) }, "assessments[1].spanId '0000000000000063' is not a span of trace");
      await reject({ ...valid, overrides: `a-${'0'.repeat(32)}` }, 'is not an assessment of trace');
      expect((await store.getTrace({ traceId: traceId(1) })).info.assessments).toEqual([]);
    });

    it('says NotFound for unknown traces and assessments; deleting an unknown assessment is a no-op', async () => {
      const { store } = fixture;
      await seedTraces(store, 1);
      const unknownId = `a-${'f'.repeat(32)}`;
      await expectAssayError(() => store.logAssessments({ assessments: [feedback(404, 'x', 1)] }), 'RESOURCE_DOES_NOT_EXIST', traceId(404));
      await expectAssayError(() => store.getAssessment({ traceId: traceId(1), assessmentId: unknownId }), 'RESOURCE_DOES_NOT_EXIST', unknownId);
      await expectAssayError(() => store.getAssessment({ traceId: traceId(404), assessmentId: unknownId }), 'RESOURCE_DOES_NOT_EXIST', traceId(404));
      await expectAssayError(() => store.updateAssessment({ traceId: traceId(1), assessmentId: unknownId, value: 1 }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => store.deleteAssessment({ traceId: traceId(404), assessmentId: unknownId }), 'RESOURCE_DOES_NOT_EXIST');
      await store.deleteAssessment({ traceId: traceId(1), assessmentId: unknownId });
      const [other] = await store.logAssessments({ assessments: [feedback(1, 'x', 1)] });
      await expectAssayError(() => store.getAssessment({ traceId: traceId(2), assessmentId: other!.assessmentId }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('deletes a trace\'s assessments with the trace', async () => {
      const { store } = fixture;
      const experimentId = await seedTraces(store, 2);
      await store.logAssessments({ assessments: [feedback(1, 'rating', 1), feedback(2, 'rating', 1)] });
      expect(await store.deleteTraces({ experimentId, traceIds: [traceId(1)] })).toBe(1);
      expect(await searchIds(store, experimentId, 'feedback.rating = 1')).toEqual([traceId(2)]);
      // A trace logged again under the deleted id starts without assessments.
      await store.logSpans({ experimentId, spans: agentTrace(1, T) });
      expect((await store.getTrace({ traceId: traceId(1) })).info.assessments).toEqual([]);
    });
  });
}
