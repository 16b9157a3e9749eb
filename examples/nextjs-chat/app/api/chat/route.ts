import OpenAI from 'openai';

// OPENAI_BASE_URL and OPENAI_API_KEY come from the environment (the mock LLM in the example's test);
// made at the first request, as `next build` loads this module without them.
let client: OpenAI | undefined;
const openai = (): OpenAI => (client ??= new OpenAI());
const MODEL = process.env.CHAT_MODEL ?? 'gpt-4o-mini';

interface ChatRequest {
  message?: unknown;
  stream?: unknown;
}

/** POST { message, stream? }: the answer as JSON, or streamed as plain text. */
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as ChatRequest;
  if (typeof body.message !== 'string' || body.message.trim() === '') {
    return Response.json({ error: 'Send { "message": "..." }.' }, { status: 400 });
  }
  const messages = [{ role: 'user' as const, content: body.message }];
  if (body.stream !== true) {
    const completion = await openai().chat.completions.create({ model: MODEL, messages });
    return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
  }
  const stream = await openai().chat.completions.create({ model: MODEL, messages, stream: true });
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      async start(controller) {
        for await (const chunk of stream) controller.enqueue(encoder.encode(chunk.choices[0]?.delta.content ?? ''));
        controller.close();
      },
    }),
    { headers: { 'content-type': 'text/plain; charset=utf-8' } },
  );
}
