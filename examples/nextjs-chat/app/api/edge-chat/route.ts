import { createOpenAI } from '@ai-sdk/openai';
import { createEdgeAssay } from '@assay/sdk/edge';
import { generateText, streamText } from 'ai';
import { after } from 'next/server';
import OpenAI from 'openai';

// An Edge route: no Node.js modules, so no local store. Spans go to an Assay server (`assay server`), named
// by ASSAY_TRACKING_URI (its URL) and ASSAY_TRACKING_TOKEN when it has auth, read when the first trace starts.
export const runtime = 'edge';

const assay = createEdgeAssay({ serviceName: 'nextjs-chat-edge' });
let client: OpenAI | undefined;
const openai = (): OpenAI => (client ??= assay.wrapOpenAI(new OpenAI()));
const MODEL = process.env.CHAT_MODEL ?? 'gpt-4o-mini';

interface ChatRequest {
  message?: unknown;
  stream?: unknown;
  /** 'openai' (default) or 'ai-sdk'. */
  via?: unknown;
}

function streamOf(chunks: AsyncIterable<string>): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      async start(controller) {
        for await (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    }),
    { headers: { 'content-type': 'text/plain; charset=utf-8' } },
  );
}

async function* deltas(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): AsyncIterable<string> {
  for await (const chunk of stream) yield chunk.choices[0]?.delta.content ?? '';
}

/** POST { message, stream?, via? }: as /api/chat, from the Edge runtime, with the openai client or the AI SDK. */
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as ChatRequest;
  if (typeof body.message !== 'string' || body.message.trim() === '') {
    return Response.json({ error: 'Send { "message": "..." }.' }, { status: 400 });
  }
  // An Edge function stops when its response is done: after() sends the spans then (streamed ones included).
  after(() => assay.flush());
  if (body.via === 'ai-sdk') {
    const model = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL }).chat(MODEL);
    const telemetry = assay.aiSdkTelemetry({ functionId: 'edge-chat' });
    if (body.stream !== true) return Response.json({ answer: (await generateText({ model, prompt: body.message, experimental_telemetry: telemetry })).text });
    return streamText({ model, prompt: body.message, experimental_telemetry: telemetry }).toTextStreamResponse();
  }
  const messages = [{ role: 'user' as const, content: body.message }];
  if (body.stream !== true) {
    const completion = await openai().chat.completions.create({ model: MODEL, messages });
    return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
  }
  return streamOf(deltas(await openai().chat.completions.create({ model: MODEL, messages, stream: true })));
}
