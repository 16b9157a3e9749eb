// `@assay/sdk/openai`: explicit OpenAI instrumentation, for apps that want it
// without `autolog()` (one client, or one copy of the package).
export { instrumentOpenAI, uninstrumentOpenAI, wrapOpenAI } from './fluent/openai.js';
export type { OpenAIModule } from './fluent/openai.js';
