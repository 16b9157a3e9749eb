/**
 * The rubrics of the built-in judges, after MLflow's GenAI metrics of the same
 * names (1-5 scales, higher is better). Kept together so they can be read,
 * compared and versioned in one place.
 */
export const JUDGE_RUBRICS = {
  /** `answer_correctness`: the output against the targets. */
  answerCorrectness: `Judge the correctness of the output: how well it agrees with the targets (the expected output) in facts and meaning, given the inputs. Wording, style and length do not matter; contradictions, wrong facts and missing essentials do.
- 1: The output is wrong: it contradicts the targets or has nothing to do with them.
- 2: The output has a few correct parts but the main facts are wrong or missing.
- 3: The output is partly correct: the main point agrees with the targets, but there are significant errors or omissions.
- 4: The output is correct, with only minor omissions or imprecisions.
- 5: The output is fully correct: it agrees with the targets in every essential fact.`,

  /** `answer_relevance`: the output against the question in the inputs. */
  answerRelevance: `Judge the relevance of the output to the inputs (the question or request): does it address what was asked, directly and completely, without unrelated content? Do not judge whether the facts are true.
- 1: The output does not address the question at all.
- 2: The output touches the topic but mostly does not answer the question.
- 3: The output partly answers the question, or answers it with much unrelated content.
- 4: The output answers the question, with small gaps or a little unrelated content.
- 5: The output answers exactly what was asked, completely and with nothing unrelated.`,

  /** `faithfulness`: the output against the retrieved context. */
  faithfulness: `Judge the faithfulness of the output to the context: is every claim of the output supported by the context? Claims that the context does not support count against the output even if they are true in general; do not judge relevance or style.
- 1: Most claims of the output are not supported by, or contradict, the context.
- 2: Some claims are supported, but several are unsupported or contradicted.
- 3: About half of the claims are supported by the context.
- 4: Nearly all claims are supported; one minor claim is not.
- 5: Every claim of the output is supported by the context.`,
} as const;
