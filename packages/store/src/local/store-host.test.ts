import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packSpans, type Span, type WriteOperation } from '@assay/core';
import { MAX_CHARACTERS_PER_COMMIT, StoreHost } from './store-host.js';
import type { HostReply } from './store-protocol.js';

/** One trace of one span whose inputs make the packed row about `characters` long. */
function bigSpans(trace: number, characters: number): WriteOperation {
  const span: Span = {
    traceId: `tr-${trace.toString(16).padStart(32, '0')}`,
    spanId: '1'.padStart(16, '0'),
    name: 'chat',
    spanType: 'LLM',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    status: { code: 'OK' },
    attributes: { 'assay.span.inputs': { text: 'x'.repeat(characters) } },
    events: [],
  };
  return { op: 'logSpans', experimentId: '0', spans: [], packed: packSpans([span]) };
}

describe('StoreHost group commit', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-host-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('bounds a transaction by the characters of packed spans, not only by rows (packed writes count their rows too)', async () => {
    const replies: HostReply[] = [];
    let settle: () => void = () => undefined;
    const allWritten = new Promise<void>((resolve) => (settle = resolve));
    const host = new StoreHost(
      {
        databasePath: join(root, 'assay.duckdb'),
        artifactRoot: join(root, 'artifacts'),
        spoolDirectory: join(root, 'spool'),
        waitingDirectory: join(root, 'waiting'),
        lingerMs: 60_000,
        maxHoldMs: 60_000,
        busyTimeoutMs: 60_000,
        writer: 'test-writer',
      },
      (reply) => {
        replies.push(reply);
        if (reply.type === 'written' && reply.through === 4) settle();
      },
    );
    // Each write's text is 40% of the bound: the first runs alone (nothing else had come),
    // then two fit in one transaction and the fourth goes in the next.
    const size = Math.floor(MAX_CHARACTERS_PER_COMMIT * 0.4);
    for (let sequence = 1; sequence <= 4; sequence += 1) host.receive({ type: 'write', sequence, operation: bigSpans(sequence, size) });
    await allWritten;
    expect(replies.filter((reply) => reply.type === 'written')).toEqual([
      { type: 'written', through: 1 },
      { type: 'written', through: 3 },
      { type: 'written', through: 4 },
    ]);
    expect(replies.filter((reply) => reply.type === 'write-failed')).toEqual([]);
    await host.stop();
    host.releaseSync();
  }, 120_000);
});
