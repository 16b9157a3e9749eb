// Spawned by install-tracing-exit-hook.test.ts: traces one call into a file-backed sink and lets the process end on its own.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '../trace-function.js';
import { resetTracingForTests } from '../tracer-provider.js';

const [file] = process.argv.slice(2);
await resetTracingForTests({
  resolveDestination: async () => ({
    sink: {
      logSpans: async (input) => {
        await sleep(5);
        for (const span of input.spans) appendFileSync(file!, `${span.name}\n`);
      },
    },
    experimentId: '0',
  }),
});
await trace(async () => 'done', { name: 'last-call' })();
