// Next.js runs register() once per server process, before any route.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { autolog } = await import('@assay/sdk');
    // Every OpenAI call of route handlers, server actions and server components becomes a trace.
    autolog();
  }
}
