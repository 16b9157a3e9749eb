/**
 * The reserved tags MLflow 3 stores prompts with: a prompt is a registered
 * model tagged IS_PROMPT, each version carries its template in TEXT (chat
 * templates as JSON), its TYPE and an optional MODEL_CONFIG (JSON). MLflow
 * clients see Assay's prompts as theirs, and the other way round.
 */
export const PROMPT_TAGS = {
  isPrompt: 'mlflow.prompt.is_prompt',
  text: 'mlflow.prompt.text',
  type: '_mlflow_prompt_type',
  modelConfig: '_mlflow_prompt_model_config',
} as const;

/** The trace tag MLflow records the prompt versions a trace used in: JSON `[{ name, version }]`. */
export const LINKED_PROMPTS_TAG = 'mlflow.linkedPrompts';

/** Assay's per-prompt trace tag (`assay.prompt.<name>` = the version), which a trace search filters on exactly. */
export const PROMPT_TRACE_TAG_PREFIX = 'assay.prompt.';

/** The `source` of a prompt's model versions (a prompt has no artifact). */
export const PROMPT_SOURCE = 'assay:prompt';

/** Whether a tag is one of the reserved ones, hidden from a prompt's public tags. */
export function isReservedPromptTag(key: string): boolean {
  return key === PROMPT_TAGS.isPrompt || key === PROMPT_TAGS.text || key === PROMPT_TAGS.type || key === PROMPT_TAGS.modelConfig;
}

/** The filter that finds prompts among registered models (MLflow's own). */
export const IS_PROMPT_FILTER = `tags.\`${PROMPT_TAGS.isPrompt}\` = 'true'`;

/** The filter MLflow clients add to every model search so that prompts are listed apart. */
export const IS_NOT_PROMPT_FILTER = `tags.\`${PROMPT_TAGS.isPrompt}\` != 'true'`;
