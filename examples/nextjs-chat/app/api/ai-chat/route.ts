import { createOpenAI } from '@ai-sdk/openai';
import { assayTelemetry } from '@assay/sdk/ai';
import { generateText, streamText } from 'ai';

// The AI SDK calls the provider with fetch, not the openai package: autolog() does not see it, so each call
// passes Assay's telemetry settings (one line). OPENAI_BASE_URL / OPENAI_API_KEY as for /api/chat.
const model = () => createOpenAI({ baseURL: process.env.OPENAI_BASE_URL }).chat(process.env.CHAT_MODEL ?? 'gpt-4o-mini');

/** POST { message, stream? }: the AI SDK's answer as JSON, or streamed as plain text. */
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as { message?: unknown; stream?: unknown };
  if (typeof body.message !== 'string' || body.message.trim() === '') {
    return Response.json({ error: 'Send { "message": "..." }.' }, { status: 400 });
  }
  const telemetry = assayTelemetry({ functionId: 'ai-chat' });
  if (body.stream !== true) {
    const { text } = await generateText({ model: model(), prompt: body.message, experimental_telemetry: telemetry });
    return Response.json({ answer: text });
  }
  return streamText({ model: model(), prompt: body.message, experimental_telemetry: telemetry }).toTextStreamResponse();
}
