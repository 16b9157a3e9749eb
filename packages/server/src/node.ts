export { startAssayServer } from './node/start-assay-server.js';
export type { RunningAssayServer, StartAssayServerOptions } from './node/start-assay-server.js';
