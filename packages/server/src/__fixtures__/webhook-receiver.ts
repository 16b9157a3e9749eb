import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers a request: 204, 500, or never. */
export type Behaviour = 'ok' | 'fail' | 'hang';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running receiver: its URL, what it got, the answers still queued, the requests it holds open. */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  answers: Behaviour[];
  hanging: ServerResponse[];
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that answers each request as told (then 'ok'), and records what it got. */
export async function startReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const answers: Behaviour[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const answer = answers.shift() ?? 'ok';
      if (answer === 'hang') hanging.push(response);
      else response.writeHead(answer === 'ok' ? 204 : 500).end(answer === 'ok' ? undefined : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answers,
    hanging,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

