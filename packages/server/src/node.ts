export { startAssayServer } from './node/start-assay-server.js';
export type { NodeRequestHandler, RunningAssayServer, StartAssayServerOptions } from './node/start-assay-server.js';
export { isApiPath } from './routes/api-paths.js';
