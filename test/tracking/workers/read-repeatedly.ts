// The reader of the multi-process test: counts runs again and again until
// `stopFile` exists, checking that the count never goes down.
import { existsSync } from 'node:fs';
import { openStore } from '@assay/sdk';

const [root, stopFile] = process.argv.slice(2);
const store = await openStore(root!);
let reads = 0;
let last = 0;
while (!existsSync(stopFile!)) {
  const result = await store.sql({ query: 'select count(*) from runs' });
  const count = Number(result.rows[0]![0]);
  if (count < last) throw new Error(`run count went down from ${last} to ${count}`);
  last = count;
  reads += 1;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await store.close();
process.stdout.write(`${JSON.stringify({ reads, last })}\n`);
