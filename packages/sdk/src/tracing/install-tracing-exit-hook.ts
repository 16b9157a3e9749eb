import { flushTracing } from './flush-tracing.js';
import { getExportStats } from './get-export-stats.js';

let installed = false;
let draining = false;

/**
 * Exports queued spans when the event loop empties ('beforeExit'): the
 * export timer never keeps the process alive, so without this a short script
 * would end before its spans are written. Node emits 'beforeExit' again after
 * the export; it stops once nothing is queued or every span was given up.
 */
export function installTracingExitHook(): void {
  if (installed) return;
  installed = true;
  process.on('beforeExit', () => {
    if (draining || getExportStats().queued === 0) return;
    draining = true;
    void flushTracing().finally(() => {
      draining = false;
    });
  });
}
