// Spawned by quick-exit.test.ts: an HTTP service as users deploy one, with
// autolog() on and every request answered through an OpenAI call (the mock
// LLM at argv[2]). It prints its port once it listens; the test sends it
// requests and then SIGTERM, as a platform does when it scales down.
import { createServer } from 'node:http';
import OpenAI from 'openai';
import { autolog } from '../../index.js';

const [baseURL] = process.argv.slice(2);
autolog({ openai: OpenAI, langchain: false });
const client = new OpenAI({ apiKey: 'mock', baseURL, maxRetries: 0 });
const server = createServer((request, response) => {
  const question = new URL(request.url ?? '/', 'http://localhost').searchParams.get('q') ?? '';
  client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: question }] }).then(
    (completion) => response.end(completion.choices[0]?.message.content ?? ''),
    (error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
