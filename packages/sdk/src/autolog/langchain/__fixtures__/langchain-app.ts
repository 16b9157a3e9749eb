// Spawned (under tsx) by langchain-versions.e2e.test.ts: an app that calls
// ChatOpenAI through both builds of @langchain/core (the ES module one it
// imports, the CommonJS one a dependency would require) under autolog(), plus
// a request handler of a server created before autolog(), and direct openai
// calls (both builds of openai). Prints the versions it ran, whether
// ChatOpenAI uses the openai package the app does, and the span trees it
// recorded (in the store at the tracking URI it is given), as JSON. It uses
// Assay's public API only.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { Span } from '@assay/core';
import { autolog, flush, getTrace, searchTraces, setTrackingUri } from '@assay/sdk';
import OpenAI from 'openai';

type Runnables = typeof import('@langchain/core/runnables');
type Prompts = typeof import('@langchain/core/prompts');
type Parsers = typeof import('@langchain/core/output_parsers');
type LangChainOpenAI = typeof import('@langchain/openai');

interface Build {
  runnables: Runnables;
  prompts: Prompts;
  parsers: Parsers;
  langChainOpenAI: LangChainOpenAI;
  OpenAI: typeof OpenAI;
}

const [baseURL, trackingUri] = process.argv.slice(2);
const require = createRequire(import.meta.url);
setTrackingUri(trackingUri!);

const builds: Record<'esm' | 'cjs', Build> = {
  esm: {
    runnables: await import('@langchain/core/runnables'),
    prompts: await import('@langchain/core/prompts'),
    parsers: await import('@langchain/core/output_parsers'),
    langChainOpenAI: await import('@langchain/openai'),
    OpenAI,
  },
  cjs: {
    runnables: require('@langchain/core/runnables') as Runnables,
    prompts: require('@langchain/core/prompts') as Prompts,
    parsers: require('@langchain/core/output_parsers') as Parsers,
    langChainOpenAI: require('@langchain/openai') as LangChainOpenAI,
    OpenAI: (require('openai') as { OpenAI: typeof OpenAI }).OpenAI,
  },
};

function chain(build: Build, name: string, options: { streaming?: boolean } = {}) {
  const model = new build.langChainOpenAI.ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'mock',
    maxRetries: 0,
    configuration: { baseURL },
    ...(options.streaming === true ? { streaming: true, streamUsage: true } : {}),
  });
  const prompt = build.prompts.ChatPromptTemplate.fromMessages([['human', '{question}']]);
  return build.runnables.RunnableSequence.from([prompt, model, new build.parsers.StringOutputParser()]).withConfig({ runName: name });
}

// Its request handlers run in async contexts that did not descend from the autolog() call below.
const server = createServer((_request, response) => {
  chain(builds.esm, 'esm-in-server-created-before-autolog')
    .invoke({ question: 'From a request' })
    .then(
      (answer) => response.end(answer),
      (error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      },
    );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

await autolog().ready;

for (const [name, build] of Object.entries(builds)) {
  const client = new build.OpenAI({ apiKey: 'mock', baseURL, maxRetries: 0 });
  await chain(build, `${name}-invoke`).invoke({ question: 'Capital of France?' });
  for await (const _chunk of await chain(build, `${name}-stream`, { streaming: true }).stream({ question: 'Stream it' })) {
    // consumed
  }
  await build.runnables.RunnableLambda.from(async (question: string) => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
    return completion.choices[0]?.message.content ?? '';
  })
    .withConfig({ runName: `${name}-direct-openai-call` })
    .invoke('Hello');
}
const address = server.address() as { port: number };
await (await fetch(`http://127.0.0.1:${address.port}/`)).text();
server.close();
await flush();
const { traces: found } = await searchTraces({ maxResults: 100 });
const spans: Span[] = (await Promise.all(found.map((info) => getTrace(info.traceId)))).flatMap((trace) => trace.spans);

// One tree per trace, in order of their roots' start: "<span type> <name>", indented by depth.
const byId = new Map(spans.map((span) => [span.spanId, span]));
const depth = (span: Span): number => (span.parentSpanId === undefined ? 0 : 1 + depth(byId.get(span.parentSpanId)!));
const ordered = [...spans].sort((left, right) => Number(BigInt(left.startTimeUnixNano) - BigInt(right.startTimeUnixNano)));
const traces = [...new Set(ordered.map((span) => span.traceId))].map((traceId) =>
  ordered.filter((span) => span.traceId === traceId).map((span) => `${'  '.repeat(depth(span))}${span.spanType} ${span.name}`),
);
const langChainCore = require('@langchain/core/package.json') as { version: string };
const langChainOpenAI = require('@langchain/openai/package.json') as { version: string };
// Else "one span per ChatOpenAI call" would hold only because its openai calls were not instrumented at all.
const openaiSharedWithChatOpenAI = createRequire(require.resolve('@langchain/openai')).resolve('openai') === require.resolve('openai');
const versions = { '@langchain/core': langChainCore.version, '@langchain/openai': langChainOpenAI.version };
process.stdout.write(`${JSON.stringify({ versions, openaiSharedWithChatOpenAI, traces })}\n`);
