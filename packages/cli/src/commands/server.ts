import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { parseNonNegativeInteger } from '../options/parse-non-negative-integer.js';
import type { ServerCommandOptions } from './server/serve-assay-server.js';

const DEFAULT_PORT = 5000;
const DEFAULT_HOST = '127.0.0.1';

/**
 * `assay server` (alias `assay ui`): serves a store over MLflow's REST API
 * until SIGINT or SIGTERM, then stops gracefully.
 */
export function createServerCommand(context: CliContext): Command {
  return new Command('server')
    .alias('ui')
    .description("Serve a store over HTTP: MLflow's REST API 2.0, the artifact proxy and an OpenAPI document")
    .option('--store <dir|uri>', 'the store to serve (default: --tracking-uri, ASSAY_TRACKING_URI, else ./.assay)')
    .option('--host <host>', 'address to bind; anything but loopback needs --insecure (there is no authentication yet)', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0 picks a free one)', (value: string) => parseNonNegativeInteger(value, 65_535), DEFAULT_PORT)
    .option('--no-ui', 'serve the API alone, without the dashboard')
    .option('--insecure', 'allow binding an address other machines can reach, without authentication')
    .option('--quiet', 'do not log a line per request on stderr')
    .option('--json', 'print one JSON line ({ url, store, openapi }) once listening, e.g. to read the port of --port 0')
    .addHelpText(
      'after',
      `
The server owns the store while it runs; MLflow clients and curl talk to it over
HTTP. Routes: /api/2.0/mlflow/... (and /ajax-api/2.0/mlflow/...), the artifact
proxy /api/2.0/mlflow-artifacts/artifacts/<path>, /health, /version, and the
OpenAPI document /api/assay/v1/openapi.json. Stop it with Ctrl+C (SIGINT) or
SIGTERM: it stops accepting connections, finishes the requests in flight,
flushes and closes the store.

Examples:
  $ assay server
  $ assay server --store /data/assay --port 5001 --no-ui
  $ assay server --port 0 --json                        {"url":"http://127.0.0.1:41234",...}
  $ MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python train.py
  $ curl http://127.0.0.1:5000/api/2.0/mlflow/experiments/search?max_results=10`,
    )
    .action(async (options: ServerCommandOptions, command: Command) => {
      const { serveAssayServer } = await import('./server/serve-assay-server.js');
      await serveAssayServer({ context, command, options });
    });
}
