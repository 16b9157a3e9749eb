// `@assay/sdk/openai`: explicit OpenAI instrumentation, for apps that want it
// without `autolog()` (one client, or one copy of the package).
export { instrumentOpenAI, uninstrumentOpenAI, wrapOpenAI } from './autolog/openai/instrument-openai.js';
export type { OpenAIModule } from './autolog/openai/instrument-openai.js';
