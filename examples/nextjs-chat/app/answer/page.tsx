import OpenAI from 'openai';

// A server component calling OpenAI while it renders: autolog() (instrumentation.ts) traces it as it does
// route handlers. Rendered per request: /answer?q=...
export const dynamic = 'force-dynamic';

export default async function AnswerPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  if (!q) return <p>Ask with /answer?q=...</p>;
  const completion = await new OpenAI().chat.completions.create({
    model: process.env.CHAT_MODEL ?? 'gpt-4o-mini',
    messages: [{ role: 'user', content: q }],
  });
  return <p id="answer">{completion.choices[0]?.message.content}</p>;
}
