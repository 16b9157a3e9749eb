import { ask } from './actions';

export const dynamic = 'force-dynamic';

// A form posting to a server action (without JavaScript too: the form posts to the page, which runs the action).
export default async function AskPage({ searchParams }: { searchParams: Promise<{ answer?: string }> }) {
  const { answer } = await searchParams;
  return (
    <form action={ask}>
      <input name="question" placeholder="Ask something" />
      <button type="submit">Ask</button>
      {answer === undefined ? null : <p id="answer">{answer}</p>}
    </form>
  );
}
