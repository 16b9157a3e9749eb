import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_TAGS, type RunInfo, type SearchRunsResult } from '@assay/core';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../../__fixtures__/run-cli.js';

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('assay runs end', () => {
  let directory: { path: string; remove: () => Promise<void> };
  let runId: string;
  beforeEach(async () => {
    directory = await createTemporaryStoreDirectory();
    const store = await LocalStore.open({ root: directory.path });
    runId = (await store.createRun({ experimentId: '0', runName: 'stuck' })).info.runId;
    await store.close();
  });
  afterEach(async () => {
    await directory.remove();
  });

  it('ends a RUNNING run (FINISHED by default) with an end time, and can change the status of an ended one', async () => {
    const before = Date.now();
    const result = await runCli(directory.path, ['runs', 'end', runId]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^Ended run ${runId} \\('stuck'\\) as FINISHED at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\n$`, 'u'));
    const [ended] = (await runCliJson<SearchRunsResult>(directory.path, ['runs', 'list'])).runs;
    expect(ended!.info.status).toBe('FINISHED');
    expect(ended!.info.endTime).toBeGreaterThanOrEqual(before);

    const changed = await runCliJson<RunInfo>(directory.path, ['runs', 'end', runId, '--status', 'FAILED']);
    expect(changed).toMatchObject({ runId, status: 'FAILED', endTime: ended!.info.endTime });
    const text = await runCli(directory.path, ['runs', 'end', runId, '--status', 'KILLED']);
    expect(text.stdout).toContain(`Changed the status of run ${runId} ('stuck') from FAILED to KILLED;`);
  });

  it('refuses another status, and an unknown run', async () => {
    const bad = await runCli(directory.path, ['runs', 'end', runId, '--status', 'DONE']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are FINISHED, FAILED, KILLED");
    const unknown = await runCli(directory.path, ['runs', 'end', 'f'.repeat(32)]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/not found/iu);
  });

  it('lists the run of a process that is gone as KILLED (MLflow would leave it RUNNING)', async () => {
    const store = await LocalStore.open({ root: directory.path });
    const orphan = await store.createRun({
      experimentId: '0',
      runName: 'orphan',
      startTime: 5000,
      tags: { [SYSTEM_TAGS.processHost]: hostname(), [SYSTEM_TAGS.processPid]: String(await deadPid()) },
    });
    await store.close();
    const { runs } = await runCliJson<SearchRunsResult>(directory.path, ['runs', 'list']);
    expect(runs.find((run) => run.info.runId === orphan.info.runId)?.info).toMatchObject({ status: 'KILLED', endTime: 5000 });
    // A run that recorded no process is left to the user.
    expect(runs.find((run) => run.info.runId === runId)?.info.status).toBe('RUNNING');
  });
});
