import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { collectRepeated } from '../options/collect-values.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import type { SearchTracesCommandOptions } from './traces/search-traces.js';

const DEFAULT_MAX_RESULTS = 50;

function addScopeOptions(command: Command): Command {
  return command
    .option('--experiment <id-or-name>', 'experiment to search (repeatable; default: every active experiment)', collectRepeated)
    .option('--run-id <run-id>', 'only traces of this run')
    .option('--max-results <n>', `traces per page (default ${DEFAULT_MAX_RESULTS}, at most 500)`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous search from this token')
    .option('--json', 'print JSON ({ traces, nextPageToken }) instead of a table');
}

/** `assay traces list|search|get`: find traces and read their span trees. */
export function createTracesCommand(context: CliContext): Command {
  const list = addScopeOptions(new Command('list').description('List traces, newest first'))
    .addHelpText(
      'after',
      `
Examples:
  $ assay traces list
  $ assay traces list --experiment my-app --run-id 0af7651916cd43dd8448eb211c80319c --max-results 20`,
    )
    .action(async (options: SearchTracesCommandOptions, command: Command) => {
      const { searchTraces } = await import('./traces/search-traces.js');
      await searchTraces({ context, command, options });
    });
  const search = addScopeOptions(
    new Command('search')
      .description("Search traces with MLflow's trace filter (plus OR and parentheses)")
      .option('--filter <filter>', `e.g. "trace.status = 'ERROR' and span.type = 'TOOL'"`)
      .option('--order-by <clause>', 'e.g. "execution_time_ms DESC" (repeatable)', collectRepeated),
  )
    .addHelpText(
      'after',
      `
Filter fields: trace.status, trace.name, trace.execution_time_ms, trace.timestamp_ms, trace.run_id,
trace.session_id, trace.user_id, trace.text (ILIKE over span names, inputs, outputs), span.name,
span.type, span.status, span.attributes.<key>, tags.<key>, metadata.<key>, feedback.<name>,
expectation.<name> (numbers compare as numbers, quoted values as text), cost.total, cost.input,
cost.output (US dollars; also in --order-by).

Examples:
  $ assay traces search --filter "trace.status = 'ERROR'"
  $ assay traces search --filter "trace.execution_time_ms > 500 or span.type = 'TOOL'" --order-by "execution_time_ms DESC"
  $ assay traces search --filter "trace.text ILIKE '%refund%'" --json
  $ assay traces search --filter "feedback.correctness < 3 and trace.session_id = 'chat-42'"
  $ assay traces search --filter "cost.total > 0.01" --order-by "cost.total DESC"`,
    )
    .action(async (options: SearchTracesCommandOptions, command: Command) => {
      const { searchTraces } = await import('./traces/search-traces.js');
      await searchTraces({ context, command, options });
    });
  const get = new Command('get')
    .description('Show one trace: its summary, cost, feedback and expectations, and span tree with inputs and outputs')
    .argument('<trace-id>', 'the trace id (tr-...)')
    .option('--json', 'print the whole trace as JSON ({ info, spans })')
    .addHelpText(
      'after',
      `
Inputs, outputs and messages are shown escaped and shortened (use --json for everything).

Examples:
  $ assay traces get tr-0af7651916cd43dd8448eb211c80319c
  $ assay traces get tr-0af7651916cd43dd8448eb211c80319c --json`,
    )
    .action(async (traceId: string, options: { json?: boolean }, command: Command) => {
      const { showTrace } = await import('./traces/show-trace.js');
      await showTrace({ context, command, traceId, options });
    });
  return new Command('traces')
    .description('Find traces and read their span trees')
    .addCommand(list)
    .addCommand(search)
    .addCommand(get)
    .addHelpText(
      'after',
      `
Examples:
  $ assay traces list --experiment my-app
  $ assay traces search --filter "trace.status = 'ERROR'"
  $ assay traces get tr-0af7651916cd43dd8448eb211c80319c`,
    );
}
