// What an Edge function imports: the openai client, the AI SDK and Assay's Edge entry. The test bundles this
// file as Next.js bundles an Edge route (esbuild, the `edge-light` / `worker` / `browser` conditions, no Node
// built-ins) and runs the bundle in a V8 context that has only web-standard globals.
export { default as OpenAI } from 'openai';
export { generateText, streamText } from 'ai';
export { createOpenAI } from '@ai-sdk/openai';
export { createEdgeAssay } from '@assay/sdk/edge';
