// One writer of the hand-over test: opens a store directory through the SDK (openStore: the file, or the server that
// serves the directory) and writes numbered metrics, params and spans until told to stop, appending a line to its
// acknowledgement log each time an awaited write resolved, and a `via` line each time its route changed.
// Usage: numbered-writer.ts <store dir> <writer number> <ack log> <stop file>
import { appendFileSync, existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '@assay/sdk';
import type { DirectoryStore } from '@assay/sdk';

const [root, writerText, ackLog, stopFile] = process.argv.slice(2);
if (root === undefined || writerText === undefined || ackLog === undefined || stopFile === undefined) {
  throw new Error('usage: numbered-writer.ts <store dir> <writer number> <ack log> <stop file>');
}
const writer = Number(writerText);

const store = (await openStore(root)) as unknown as DirectoryStore;
let via = '';
const ack = (line: string): void => {
  if (store.via !== via) {
    via = store.via;
    appendFileSync(ackLog, `via ${via}\n`);
  }
  appendFileSync(ackLog, `${line}\n`);
};

/** Hex of `writer` and `index`, `length` digits: ids unique across writers. */
const hexId = (index: number, length: number): string => (writer * 1_000_000 + index).toString(16).padStart(length, '0');

const run = await store.createRun({ experimentId: '0', runName: `writer-${writer}` });
ack(`run ${run.info.runId}`);
for (let index = 0; !existsSync(stopFile); index += 1) {
  await store.logBatch({ runId: run.info.runId, metrics: [{ key: 'm', value: index, timestamp: 1_700_000_000_000 + index, step: index }] });
  ack(`metric ${index}`);
  await store.logBatch({ runId: run.info.runId, params: [{ key: `p${index}`, value: String(index) }] });
  ack(`param ${index}`);
  await store.logSpans({
    experimentId: '0',
    spans: [
      {
        traceId: `tr-${hexId(index, 32)}`,
        spanId: hexId(index, 16),
        name: `w${writer}-${index}`,
        spanType: 'UNKNOWN',
        startTimeUnixNano: '1700000000000000000',
        endTimeUnixNano: '1700000000250000000',
        status: { code: 'OK' },
        attributes: {},
        events: [],
      },
    ],
  });
  ack(`span ${index}`);
  // A steady stream, not a flood: the machine is shared.
  await sleep(10);
}
await store.flush();
await store.close();
appendFileSync(ackLog, 'done\n');
