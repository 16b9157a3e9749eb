import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Experiment } from '@assay/core';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

describe('assay experiments', () => {
  let directory: { path: string; remove: () => Promise<void> };

  beforeEach(async () => {
    directory = await createTemporaryStoreDirectory();
  });

  afterEach(async () => {
    await directory.remove();
  });

  it('creates an experiment and prints only its id', async () => {
    const result = await runCli(directory.path, ['experiments', 'create', 'chatbot-eval', '--tag', 'team=ml', '--tag', 'note=a=b']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^\d+\n$/);

    const { experiments } = await runCliJson<{ experiments: Experiment[] }>(directory.path, ['experiments', 'list']);
    const created = experiments.find((experiment) => experiment.name === 'chatbot-eval');
    expect(created).toMatchObject({ experimentId: result.stdout.trim(), tags: { team: 'ml', note: 'a=b' }, lifecycleStage: 'active' });
  });

  it('lists experiments as a table with headers', async () => {
    await runCli(directory.path, ['experiments', 'create', 'alpha']);
    const result = await runCli(directory.path, ['experiments', 'list']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('ID');
    expect(result.stdout).toContain('Name');
    expect(result.stdout).toContain('alpha');
    expect(result.stdout).toContain('Default');
  });

  it('filters experiments and pages through them with a hint', async () => {
    for (const name of ['eval-a', 'eval-b', 'eval-c', 'other']) await runCli(directory.path, ['experiments', 'create', name]);
    const filtered = await runCliJson<{ experiments: Experiment[] }>(directory.path, [
      'experiments',
      'list',
      '--filter',
      "name LIKE 'eval-%'",
      '--order-by',
      'name ASC',
    ]);
    expect(filtered.experiments.map((experiment) => experiment.name)).toEqual(['eval-a', 'eval-b', 'eval-c']);

    const firstPage = await runCli(directory.path, ['experiments', 'list', '--filter', "name LIKE 'eval-%'", '--max-results', '2']);
    expect(firstPage.exitCode).toBe(0);
    expect(firstPage.stderr).toMatch(/More experiments: assay --tracking-uri .* experiments list .*--page-token \S+/);
  });

  it('deletes and restores by name or id', async () => {
    const id = (await runCli(directory.path, ['experiments', 'create', 'short-lived'])).stdout.trim();

    const deleted = await runCli(directory.path, ['experiments', 'delete', 'short-lived']);
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stdout).toContain(`Deleted experiment 'short-lived' (id ${id})`);
    expect(deleted.stdout).toContain(`experiments restore ${id}`);

    const active = await runCliJson<{ experiments: Experiment[] }>(directory.path, ['experiments', 'list']);
    expect(active.experiments.map((experiment) => experiment.name)).not.toContain('short-lived');
    const gone = await runCliJson<{ experiments: Experiment[] }>(directory.path, ['experiments', 'list', '--view', 'deleted']);
    expect(gone.experiments.map((experiment) => experiment.name)).toEqual(['short-lived']);

    const restored = await runCli(directory.path, ['experiments', 'restore', id]);
    expect(restored).toMatchObject({ exitCode: 0, stdout: `Restored experiment 'short-lived' (id ${id}).\n` });
    const all = await runCliJson<{ experiments: Experiment[] }>(directory.path, ['experiments', 'list', '--view', 'all']);
    expect(all.experiments.find((experiment) => experiment.name === 'short-lived')?.lifecycleStage).toBe('active');
  });

  it('prints what create, delete and restore did as JSON', async () => {
    const created = await runCliJson<{ experimentId: string; name: string }>(directory.path, ['experiments', 'create', 'json-made']);
    expect(created).toEqual({ experimentId: expect.stringMatching(/^\d+$/) as string, name: 'json-made' });
    const deleted = await runCliJson<unknown>(directory.path, ['experiments', 'delete', 'json-made']);
    expect(deleted).toEqual({ experimentId: created.experimentId, name: 'json-made', lifecycleStage: 'deleted' });
    const restored = await runCliJson<unknown>(directory.path, ['experiments', 'restore', created.experimentId]);
    expect(restored).toEqual({ experimentId: created.experimentId, name: 'json-made', lifecycleStage: 'active' });
  });

  it('reports store errors with exit code 1', async () => {
    await runCli(directory.path, ['experiments', 'create', 'taken']);
    const duplicate = await runCli(directory.path, ['experiments', 'create', 'taken']);
    expect(duplicate.exitCode).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(duplicate.stderr).toMatch(/^error: .*taken.*already exists/im);

    const unknown = await runCli(directory.path, ['experiments', 'delete', 'no-such-experiment']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("error: No experiment with id or name 'no-such-experiment'");
  });

  it('rejects bad options as usage errors', async () => {
    const badView = await runCli(directory.path, ['experiments', 'list', '--view', 'archived']);
    expect(badView.exitCode).toBe(2);
    expect(badView.stderr).toContain("error: option '--view <view>' argument 'archived' is invalid");
    expect(badView.stderr).toContain('Run "assay experiments list --help" for usage.');

    const badTag = await runCli(directory.path, ['experiments', 'create', 'x', '--tag', 'novalue']);
    expect(badTag.exitCode).toBe(2);
    expect(badTag.stderr).toContain('Expected key=value');

    await runCli(directory.path, ['experiments', 'create', 'present']);
    const badFilter = await runCli(directory.path, ['experiments', 'list', '--filter', 'name = ']);
    expect(badFilter.exitCode).toBe(1);
    expect(badFilter.stderr).toMatch(/^error: Invalid experiment filter.*column \d+/m);
  });
});
