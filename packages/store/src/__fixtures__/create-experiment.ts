// Opens a LocalStore as another Assay process would and creates one experiment (its first operation, so
// it waits for the file, queued behind the processes already waiting). Prints "created" once done.
// Usage: node --conditions=@assay/source --import tsx create-experiment.ts <root> <name>
import { LocalStore } from '../local/local-store.js';

const [root, name] = process.argv.slice(2);
const store = await LocalStore.open({ root: root!, busyTimeoutMs: 600_000 });
await store.createExperiment({ name: name! });
await store.close();
process.stdout.write('created\n');
