import { ASSAY_ATTRIBUTES, decodeAttributeValue } from '@assay/core';

/**
 * A stored span's attributes with the inputs and outputs that ingest mapped
 * into the `spans.inputs` / `spans.outputs` columns (from OpenInference, the
 * GenAI conventions, the AI SDK, events ...) as `mlflow.spanInputs` /
 * `mlflow.spanOutputs`, as MLflow shows a span's payloads. Without them a
 * span from another convention reads back with no inputs or outputs, though
 * its trace's previews and text search have them. An attribute the span
 * already has is kept: the columns only fill what is missing (and for Assay's
 * own spans they were read from those very attributes).
 *
 * The columns hold JSON text, or a convention's plain text as it came
 * (OpenInference's `input.value`): decoded as attribute values are.
 */
export function withMappedPayloads(attributes: Record<string, unknown>, inputs: unknown, outputs: unknown): Record<string, unknown> {
  if (typeof inputs === 'string' && !Object.hasOwn(attributes, ASSAY_ATTRIBUTES.spanInputs)) {
    attributes[ASSAY_ATTRIBUTES.spanInputs] = decodeAttributeValue(inputs);
  }
  if (typeof outputs === 'string' && !Object.hasOwn(attributes, ASSAY_ATTRIBUTES.spanOutputs)) {
    attributes[ASSAY_ATTRIBUTES.spanOutputs] = decodeAttributeValue(outputs);
  }
  return attributes;
}
