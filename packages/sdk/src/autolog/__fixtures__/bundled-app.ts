// An app as a user bundles it into one file (see bundled-app.test.ts): the
// openai package is inside the bundle, Assay stays external. Mode `autolog`
// relies on autolog() alone; mode `wrap` also wraps its client with
// wrapOpenAI(); mode `edge` makes its requests as the openai package does in
// an Edge runtime sandbox of the same process (Next.js dev). Prints what
// autolog reported and how many traces were stored.
import OpenAI from 'openai';
import { autolog, flush, searchTraces, setTrackingUri } from '@assay/sdk';
import { wrapOpenAI } from '@assay/sdk/openai';

const [mode, baseURL, trackingUri] = process.argv.slice(2);
setTrackingUri(trackingUri!);
const result = autolog({ langchain: false });
await result.ready;
// openai names its runtime in X-Stainless-Runtime: 'edge' where `EdgeRuntime` is defined.
const plain = new OpenAI({ apiKey: 'mock', baseURL, maxRetries: 0, ...(mode === 'edge' ? { defaultHeaders: { 'X-Stainless-Runtime': 'edge' } } : {}) });
const client = mode === 'wrap' ? wrapOpenAI(plain) : plain;
for (let index = 0; index < 3; index += 1) {
  await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: `question ${index}` }] });
}
await flush();
const { traces } = await searchTraces({});
console.log(JSON.stringify({ copies: result.copies, traces: traces.length }));
