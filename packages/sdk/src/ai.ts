// `@assay/sdk/ai`: the Vercel AI SDK's telemetry settings recording into
// Assay. It does not load the `ai` package.
export { assayTelemetry } from './fluent/ai-sdk.js';
export type { AssayTelemetryOptions, AiSdkTelemetrySettings } from './ai-sdk/assay-telemetry.js';
