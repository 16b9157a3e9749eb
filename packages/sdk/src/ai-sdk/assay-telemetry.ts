import { InvalidParameterError } from '@assay/core';
import type { AttributeValue, Tracer } from '@opentelemetry/api';
import type { TracingRuntime } from '../tracing/tracing-runtime.js';
import { AiSdkTracer } from './ai-sdk-tracer.js';

/** Options of `assayTelemetry`. */
export interface AssayTelemetryOptions {
  /** Names the calling function: it groups the spans (`ai.telemetry.functionId`) and ends their `operation.name`. */
  functionId?: string;
  /** Extra attributes of every span (`ai.telemetry.metadata.<key>`): strings, numbers, booleans or lists of one of them. */
  metadata?: Record<string, AttributeValue>;
  /** False keeps prompts, messages, tool arguments and embedded values out of the spans; default true. */
  recordInputs?: boolean;
  /** False keeps answers, tool results and vectors out of the spans; default true. */
  recordOutputs?: boolean;
}

/**
 * The AI SDK's `TelemetrySettings` as Assay fills them in (the AI SDK's type
 * is structural, so this one is accepted by `experimental_telemetry` without
 * Assay importing the `ai` package).
 */
export interface AiSdkTelemetrySettings {
  /** Always true: the settings exist to record. */
  isEnabled: true;
  functionId?: string;
  metadata?: Record<string, AttributeValue>;
  recordInputs?: boolean;
  recordOutputs?: boolean;
  /** Assay's tracer: the spans go to Assay, not to a global OpenTelemetry provider. */
  tracer: Tracer;
}

const OPTION_NAMES: ReadonlySet<string> = new Set(['functionId', 'metadata', 'recordInputs', 'recordOutputs']);

function isPrimitive(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** OpenTelemetry's rule: a primitive, or a list of one primitive type (empty entries allowed). */
function isAttributeValue(value: unknown): boolean {
  if (isPrimitive(value)) return true;
  if (!Array.isArray(value)) return false;
  const types = new Set<string>();
  for (const item of value as unknown[]) {
    if (item === null || item === undefined) continue;
    if (!isPrimitive(item)) return false;
    types.add(typeof item);
  }
  return types.size <= 1;
}

function validate(options: unknown): AssayTelemetryOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidParameterError(`assayTelemetry() takes an options object ({ functionId?, metadata?, recordInputs?, recordOutputs? }), got ${options === null ? 'null' : typeof options}.`);
  }
  const record = options as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !OPTION_NAMES.has(key));
  if (unknown.length > 0) {
    throw new InvalidParameterError(`assayTelemetry() does not know the option ${unknown.map((key) => `'${key}'`).join(', ')}. Known options: ${[...OPTION_NAMES].join(', ')}.`);
  }
  const { functionId, metadata, recordInputs, recordOutputs } = record;
  if (functionId !== undefined && (typeof functionId !== 'string' || functionId.trim() === '')) {
    throw new InvalidParameterError(`assayTelemetry(): functionId must be a non-empty string, got ${JSON.stringify(functionId) ?? String(functionId)}.`);
  }
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new InvalidParameterError('assayTelemetry(): metadata must be an object of attribute values (strings, numbers, booleans or lists of one of them).');
    }
    for (const [key, value] of Object.entries(metadata)) {
      if (!isAttributeValue(value)) {
        throw new InvalidParameterError(`assayTelemetry(): metadata.${key} must be a string, a finite number, a boolean or a list of one of them, got ${JSON.stringify(value) ?? String(value)}.`);
      }
    }
  }
  for (const [name, value] of [['recordInputs', recordInputs], ['recordOutputs', recordOutputs]] as const) {
    if (value !== undefined && typeof value !== 'boolean') throw new InvalidParameterError(`assayTelemetry(): ${name} must be true or false, got ${JSON.stringify(value) ?? String(value)}.`);
  }
  return record as AssayTelemetryOptions;
}

/** The AI SDK's telemetry settings recording into an instance's tracing (see `assayTelemetry`). */
export function createAiSdkTelemetry(tracing: () => TracingRuntime, options?: AssayTelemetryOptions): AiSdkTelemetrySettings {
  const { functionId, metadata, recordInputs, recordOutputs } = validate(options);
  const settings: AiSdkTelemetrySettings = { isEnabled: true, tracer: new AiSdkTracer(tracing) };
  if (functionId !== undefined) settings.functionId = functionId;
  if (metadata !== undefined) settings.metadata = { ...metadata };
  if (recordInputs !== undefined) settings.recordInputs = recordInputs;
  if (recordOutputs !== undefined) settings.recordOutputs = recordOutputs;
  return settings;
}
