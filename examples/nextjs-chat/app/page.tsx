export default function Page() {
  return (
    <main>
      <h1>Assay example: Next.js chat</h1>
      <p>
        POST <code>{'{ "message": "..." }'}</code> (add <code>"stream": true</code> to stream) to <code>/api/chat</code> (the openai client,
        traced by <code>autolog()</code>), <code>/api/ai-chat</code> (the AI SDK, traced by <code>assayTelemetry()</code>) or{' '}
        <code>/api/edge-chat</code> (the Edge runtime, <code>@assay/sdk/edge</code>, sending to an Assay server). Read the traces with{' '}
        <code>npx @assay/cli traces list</code>.
      </p>
    </main>
  );
}
