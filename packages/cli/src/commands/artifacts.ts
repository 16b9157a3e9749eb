import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { DownloadArtifactsCommandOptions } from './artifacts/download-artifacts.js';
import type { ListArtifactsCommandOptions } from './artifacts/list-artifacts.js';

function createListCommand(context: CliContext): Command {
  return new Command('list')
    .description("List a run's artifacts: the files and folders of a folder (the root by default)")
    .argument('<run-id>', 'the 32-character run id')
    .argument('[path]', "a folder inside the run's artifacts")
    .option('-r, --recursive', 'list every file and folder below it')
    .option('--json', 'print JSON ({ runId, path, files: [{ path, isDir, fileSize }] }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay artifacts list 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a
  $ assay artifacts list 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a plots --recursive
  $ assay artifacts list 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a --json | jq '.files[].path'`,
    )
    .action(async (runId: string, path: string | undefined, options: ListArtifactsCommandOptions, command: Command) => {
      const { listArtifacts } = await import('./artifacts/list-artifacts.js');
      await listArtifacts({ context, command, runId, ...(path === undefined ? {} : { path }), options });
    });
}

function createDownloadCommand(context: CliContext): Command {
  return new Command('download')
    .description('Download an artifact file or folder of a run to <dest>/<path>')
    .argument('<run-id>', 'the 32-character run id')
    .argument('<path>', 'a file or folder inside the run\'s artifacts ("." for all of them)')
    .option('--dest <dir>', 'the local directory to write under (created if missing)', '.')
    .option('--json', 'print JSON ({ runId, path, destination, files: [{ path, localPath, fileSize }] })')
    .addHelpText(
      'after',
      `
The artifact keeps its path under --dest (as MLflow's download does); files
there are replaced. Paths with '..' or absolute paths are refused.

Examples:
  $ assay artifacts download 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a eval_results_table.json
  $ assay artifacts download 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a plots --dest ./downloads
  $ assay artifacts download 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a . --dest ./run-artifacts --json`,
    )
    .action(async (runId: string, path: string, options: DownloadArtifactsCommandOptions, command: Command) => {
      const { downloadArtifacts } = await import('./artifacts/download-artifacts.js');
      await downloadArtifacts({ context, command, runId, path, options });
    });
}

/** `assay artifacts list|download`: the files kept beside a run. */
export function createArtifactsCommand(context: CliContext): Command {
  return new Command('artifacts')
    .description("List and download a run's artifacts")
    .addCommand(createListCommand(context))
    .addCommand(createDownloadCommand(context))
    .addHelpText(
      'after',
      `
Examples:
  $ assay artifacts list <run-id>
  $ assay artifacts download <run-id> eval_results_table.json --dest ./out`,
    );
}
