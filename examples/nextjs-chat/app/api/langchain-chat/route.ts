import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ChatOpenAI } from '@langchain/openai';

// A LangChain chain (prompt → chat model): autolog() records the chain's runs, and the model's OpenAI call once.
const prompt = ChatPromptTemplate.fromMessages([
  ['system', 'Answer briefly.'],
  ['human', '{question}'],
]);

/** POST { message }: the chain's answer as JSON. */
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as { message?: unknown };
  if (typeof body.message !== 'string' || body.message.trim() === '') {
    return Response.json({ error: 'Send { "message": "..." }.' }, { status: 400 });
  }
  const model = new ChatOpenAI({ model: process.env.CHAT_MODEL ?? 'gpt-4o-mini', configuration: { baseURL: process.env.OPENAI_BASE_URL } });
  const answer = await prompt.pipe(model).invoke({ question: body.message });
  return Response.json({ answer: answer.content });
}
