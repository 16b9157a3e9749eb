export { createProgram, main, commandPath, EXIT_FAILURE, EXIT_USAGE_OR_INTERNAL } from './program.js';
export type { CreateProgramOptions } from './program.js';
export type { CliContext, OpenStoreOptions, WriteText } from './cli-context.js';
