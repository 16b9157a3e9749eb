import { InvalidParameterError } from '@assay/core';

/** Options of a ReadSecret. */
export interface ReadSecretOptions {
  /** What to ask, e.g. `Password for alice: `. */
  prompt: string;
  /** At a terminal, ask twice and refuse two different entries (setting a password). */
  confirm?: boolean;
}

/** Reads a secret such as a password: never from the command line, where other users and the shell history would see it. */
export type ReadSecret = (options: ReadSecretOptions) => Promise<string>;

// More than any password: a stream that never ends is not read forever.
const MAX_STDIN_BYTES = 64 * 1024;

/** The first line of stdin (the way `echo "$PASSWORD" | assay ...` passes one). */
async function readFirstLine(stdin: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n') || text.length > MAX_STDIN_BYTES) break;
  }
  stdin.pause();
  const line = text.split('\n')[0]!.replace(/\r$/u, '');
  if (line === '') throw new InvalidParameterError('No password on stdin: pipe it in (e.g. `printf "%s\\n" "$PASSWORD" | assay ...`) or run the command at a terminal.');
  return line;
}

/** Reads one line at the terminal without echoing it. */
function readHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let entered = '';
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(entered);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n' || character === '\u0004') return finish();
        if (character === '\u0003') return finish(new InvalidParameterError('Cancelled.'));
        if (character === '\u007f' || character === '\b') entered = [...entered].slice(0, -1).join('');
        else if (character >= ' ') entered += character;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** Reads a secret from the terminal without echo (twice with `confirm`), or the first line of stdin when it is not a terminal. */
export const readSecretFromProcess: ReadSecret = async ({ prompt, confirm = false }) => {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) return readFirstLine(stdin);
  const secret = await readHidden(stdin, stderr, prompt);
  if (confirm && (await readHidden(stdin, stderr, 'Again, to confirm: ')) !== secret) throw new InvalidParameterError('The two entries differ; nothing was changed.');
  return secret;
};
