export default function Page() {
  return (
    <main>
      <h1>Assay example: Next.js chat</h1>
      <p>
        POST <code>/api/chat</code> with <code>{'{ "message": "..." }'}</code> (add <code>"stream": true</code> to stream). Every
        OpenAI call is traced by <code>autolog()</code>; read them with <code>npx @assay/cli traces list</code>.
      </p>
    </main>
  );
}
