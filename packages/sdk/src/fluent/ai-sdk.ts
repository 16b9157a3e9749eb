import { defaultRuntime } from '../assay/default-assay.js';
import { createAiSdkTelemetry, type AiSdkTelemetrySettings, type AssayTelemetryOptions } from '../ai-sdk/assay-telemetry.js';

/**
 * Traces Vercel AI SDK calls (`generateText`, `streamText`, `generateObject`,
 * `embed` ...) into Assay: pass the result as the call's
 * `experimental_telemetry`. The AI SDK's own spans are recorded by Assay's
 * tracer (no OpenTelemetry set-up needed; a global provider of the app is
 * neither needed nor used) and stored typed, with inputs, outputs, model and
 * token usage. Make it once and reuse it, or per call.
 *
 * @example
 * import { assayTelemetry } from '@assay/sdk/ai';
 * const { text } = await generateText({ model, prompt, experimental_telemetry: assayTelemetry({ functionId: 'answer' }) });
 */
export function assayTelemetry(options?: AssayTelemetryOptions): AiSdkTelemetrySettings {
  return createAiSdkTelemetry(() => defaultRuntime().tracing, options);
}
