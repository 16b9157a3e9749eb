// Spawned by exit-hooks-tracing.test.ts: traces one call into a file-backed exporter and lets the process end on its own.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeSpanBatch, trace } from '../../index.js';
import { resetForTests } from '../../testing/reset-for-tests.js';

const [file] = process.argv.slice(2);
await resetForTests({
  tracing: {
    resolveDestination: async () => ({
      exporter: {
        export: async (batch) => {
          await sleep(5);
          for (const span of decodeSpanBatch(batch)) appendFileSync(file!, `${span.name}\n`);
        },
      },
      experimentId: '0',
    }),
  },
});
await trace(async () => 'done', { name: 'last-call' })();
