import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion, RegisteredModel, RegistryEvent, TransitionRequest } from '@assay/core';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

describe('assay models: protection, transition requests and the audit log', () => {
  let directory: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
  });

  afterAll(async () => {
    await directory.remove();
  });

  const cli = (args: readonly string[]) => runCli(directory.path, args);
  const cliJson = <T>(args: readonly string[]) => runCliJson<T>(directory.path, args);

  it('runs the approval flow between two users and records every step', async () => {
    await cliJson<ModelVersion>(['models', 'register', 'file:///models/bot-1', 'support-bot', '--actor', 'ana', '--comment', 'baseline']);
    await cliJson<ModelVersion>(['models', 'register', 'file:///models/bot-2', 'support-bot', '--actor', 'ana']);
    expect(await cli(['models', 'stage', 'support-bot', '1', 'Production', '--actor', 'ana'])).toMatchObject({ exitCode: 0 });

    const protectedNow = await cli(['models', 'protect', 'support-bot', '--actor', 'ana', '--comment', 'prod model']);
    expect(protectedNow).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: "Model 'support-bot' is protected: its stage changes and alias moves now need a transition request (assay models request) that another user approves.\n",
    });

    const direct = await cli(['models', 'stage', 'support-bot', '2', 'Production', '--archive-existing', '--actor', 'ana']);
    expect(direct.exitCode).toBe(1);
    expect(direct.stderr).toContain("Permission denied: registered model 'support-bot' is protected");
    expect(direct.stderr).toContain('From the command line: assay models request support-bot 2 --stage Production --archive-existing\n');
    const directAlias = await cli(['models', 'alias', 'support-bot', 'champion', '2', '--actor', 'ana']);
    expect(directAlias.exitCode).toBe(1);
    expect(directAlias.stderr).toContain('assay models request support-bot 2 --alias champion');

    const requested = await cli(['models', 'request', 'support-bot', '2', '--stage', 'production', '--archive-existing', '--actor', 'ben', '--comment', 'BLEU +2']);
    expect(requested.exitCode).toBe(0);
    const id = Number(/^Transition request (\d+):/u.exec(requested.stdout)?.[1]);
    expect(requested.stdout).toBe(
      `Transition request ${id}: version 2 of 'support-bot' to stage Production (archive others), requested by ben.\nAnother user approves it with: assay models approve ${id}\n`,
    );

    const pending = await cliJson<{ requests: TransitionRequest[] }>(['models', 'requests']);
    expect(pending.requests).toEqual([
      expect.objectContaining({ id, name: 'support-bot', version: 2, stage: 'Production', archiveExistingVersions: true, status: 'PENDING', requestedBy: 'ben', comment: 'BLEU +2' }),
    ]);
    const table = await cli(['models', 'requests', '--name', 'support-bot']);
    expect(table.stdout).toMatch(new RegExp(`│\\s+${id} │ support-bot │\\s+2 │ stage Production \\(archive others\\) │ PENDING │ ben\\s+│`, 'u'));

    const own = await cli(['models', 'approve', String(id), '--actor', 'ben']);
    expect(own.exitCode).toBe(1);
    expect(own.stderr).toContain(`Permission denied: ben made transition request ${id} and cannot approve it`);

    const approved = await cli(['models', 'approve', String(id), '--actor', 'ana', '--comment', 'looks good']);
    expect(approved).toEqual({ exitCode: 0, stderr: '', stdout: `Approved transition request ${id} as ana: version 2 of 'support-bot' to stage Production (archive others) is done.\n` });
    expect((await cliJson<ModelVersion>(['models', 'get', 'support-bot', '2'])).currentStage).toBe('Production');
    expect((await cliJson<ModelVersion>(['models', 'get', 'support-bot', '1'])).currentStage).toBe('Archived');
    expect((await cliJson<{ requests: TransitionRequest[] }>(['models', 'requests'])).requests).toEqual([]);
    const again = await cli(['models', 'approve', String(id), '--actor', 'cleo']);
    expect(again.exitCode).toBe(1);

    const aliasRequest = await cliJson<TransitionRequest>(['models', 'request', 'support-bot', '2', '--alias', 'champion', '--actor', 'ben']);
    const rejected = await cli(['models', 'reject', String(aliasRequest.id), '--actor', 'ana', '--comment', 'not yet']);
    expect(rejected.stdout).toBe(`Rejected transition request ${aliasRequest.id} as ana: version 2 of 'support-bot' to alias champion is not made.\n`);
    expect((await cliJson<RegisteredModel>(['models', 'get', 'support-bot'])).aliases).toEqual({});
    const decided = await cliJson<{ requests: TransitionRequest[] }>(['models', 'requests', '--status', 'rejected']);
    expect(decided.requests.map((request) => [request.id, request.decidedBy, request.decisionComment])).toEqual([[aliasRequest.id, 'ana', 'not yet']]);

    const { events } = await cliJson<{ events: RegistryEvent[] }>(['models', 'audit', 'support-bot']);
    expect(events.map((event) => [event.action, event.actor, event.version ?? null, event.comment ?? null])).toEqual([
      ['create_model', 'ana', null, 'baseline'],
      ['create_version', 'ana', 1, 'baseline'],
      ['create_version', 'ana', 2, null],
      ['transition_stage', 'ana', 1, null],
      ['set_protection', 'ana', null, 'prod model'],
      ['create_request', 'ben', 2, 'BLEU +2'],
      ['transition_stage', 'ana', 2, 'looks good'],
      ['approve_request', 'ana', 2, 'looks good'],
      ['create_request', 'ben', 2, null],
      ['reject_request', 'ana', 2, 'not yet'],
    ]);

    const audit = await cli(['models', 'audit', 'support-bot']);
    expect(audit.exitCode).toBe(0);
    const lines = audit.stdout.split('\n');
    expect(lines[1]).toMatch(/Time\s+│ Actor │ Action\s+│ Version │ Before → After\s+│ Comment/u);
    expect(audit.stdout).toMatch(/│ ana\s+│ set_protection\s+│\s+- │ protected=false → protected=true\s+│ prod model/u);
    expect(audit.stdout).toMatch(/│ ben\s+│ create_request\s+│\s+2 │ /u);
    expect(audit.stdout).toMatch(/│ ana\s+│ transition_stage\s+│\s+2 │ stage=None → stage=Production, archived=\[1\]\s+│ looks good/u);
    expect(audit.stdout).toMatch(/│ ana\s+│ approve_request\s+│\s+2 │ request=\d+: status=PENDING → status=APPROVED\s+│ looks good/u);
    expect(audit.stdout).toMatch(/│ ana\s+│ reject_request\s+│\s+2 │ .*│ not yet/u);
    expect(audit.stdout).toMatch(/│ ana\s+│ create_model\s+│\s+- │ -\s+│ baseline/u);

    const versionOne = await cliJson<{ events: RegistryEvent[] }>(['models', 'audit', 'support-bot', '1']);
    expect(versionOne.events.map((event) => event.action)).toEqual(['create_version', 'transition_stage']);

    expect((await cli(['models', 'get', 'support-bot'])).stdout).toMatch(/Protected\s+│ yes: stage and alias changes need an approved request/u);
    const off = await cli(['models', 'protect', 'support-bot', '--off', '--actor', 'ana']);
    expect(off.stdout).toBe("Model 'support-bot' is no longer protected: stages and aliases change directly again.\n");
    expect(await cli(['models', 'alias', 'support-bot', 'champion', '2'])).toMatchObject({ exitCode: 0 });
    expect((await cli(['models', 'get', 'support-bot'])).stdout).toMatch(/Protected\s+│ no/u);
  });

  it('refuses a request for no change or two, and escapes untrusted text in tables', async () => {
    await cliJson<ModelVersion>(['models', 'register', 'file:///m', 'evil\u001b[31m', '--actor', 'mal\u001b[2Jlory']);
    const neither = await cli(['models', 'request', 'evil\u001b[31m', '1']);
    expect(neither.exitCode).toBe(1);
    expect(neither.stderr).toContain('Ask for one change: --stage <stage>');
    const both = await cli(['models', 'request', 'evil\u001b[31m', '1', '--stage', 'Staging', '--alias', 'champion']);
    expect(both.exitCode).toBe(1);
    const archiveAlias = await cli(['models', 'request', 'evil\u001b[31m', '1', '--alias', 'champion', '--archive-existing']);
    expect(archiveAlias.stderr).toContain('--archive-existing goes with --stage');

    await cliJson<TransitionRequest>(['models', 'request', 'evil\u001b[31m', '1', '--alias', 'champion', '--actor', 'x', '--comment', 'line\u001b[1Aup']);
    const requests = await cli(['models', 'requests', '--name', 'evil\u001b[31m']);
    const audit = await cli(['models', 'audit', 'evil\u001b[31m']);
    for (const output of [requests.stdout, audit.stdout]) {
      expect(output).not.toContain('\u001b');
      expect(output).toContain('line\\x1b[1Aup');
    }
    expect(audit.stdout).toContain('mal\\x1b[2Jlory');
    expect(requests.stdout).toContain('evil\\x1b[31m');
  });
});
