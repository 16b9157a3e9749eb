// Moves an alias of a model through a LocalStore in its own process, then exits.
// Usage: node --conditions=@assay/source --import tsx move-alias.ts <root> <model> <alias> <version>
import { LocalStore } from '../local/local-store.js';

const [root, model, alias, version] = process.argv.slice(2);
const store = await LocalStore.open({ root: root! });
await store.setRegisteredModelAlias({ name: model!, alias: alias!, version: Number(version) });
await store.close();
