'use server';

import { redirect } from 'next/navigation';
import OpenAI from 'openai';

/** A server action calling OpenAI, traced by autolog() like a route handler; it shows the answer on the page. */
export async function ask(form: FormData): Promise<void> {
  const question = String(form.get('question') ?? '').trim();
  if (question === '') redirect('/ask');
  const completion = await new OpenAI().chat.completions.create({
    model: process.env.CHAT_MODEL ?? 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  redirect(`/ask?answer=${encodeURIComponent(completion.choices[0]?.message.content ?? '')}`);
}
