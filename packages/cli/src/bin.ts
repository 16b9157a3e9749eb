#!/usr/bin/env node
import { main } from './program.js';

// `assay ... | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// A reader of stderr that went away (a closed terminal, a dead parent that piped it): drop what would
// go there. Unhandled, every later write fails again, and a server (with Next.js's handlers logging each
// failure to stderr) would spin on its own errors instead of serving.
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.stderr.write = (() => true) as typeof process.stderr.write;
});

process.exitCode = await main(process.argv);
