// A spool writer killed mid-write: creates its temporary segment file as Spool.writeSync does, writes
// `content` into it (nothing for an empty one), and is SIGKILLed before it can rename it.
// Usage: node die-mid-spool-write.mjs <spool directory> <content>
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [directory, content] = process.argv.slice(2);
const id = `${Date.now().toString(36).padStart(10, '0')}-${process.pid}-${'1'.padStart(8, '0')}-killed`;
const descriptor = openSync(join(directory, `.tmp-${id}`), 'w');
if (content) {
  writeSync(descriptor, content);
  fsyncSync(descriptor);
}
closeSync(descriptor);
process.kill(process.pid, 'SIGKILL');
