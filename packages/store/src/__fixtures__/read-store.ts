// Opens a LocalStore as another Assay process would and reads it once, waiting for the file if it is held.
// Usage: node --conditions=@assay/source --import tsx read-store.ts <root>
import { LocalStore } from '../local/local-store.js';

const [root] = process.argv.slice(2);
const store = await LocalStore.open({ root: root!, busyTimeoutMs: 20_000 });
const { items: experiments } = await store.searchExperiments();
process.stdout.write(`${JSON.stringify({ experiments: experiments.map((experiment) => experiment.name) })}\n`);
await store.close();
