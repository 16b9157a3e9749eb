import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion, RegisteredModel, Store } from '@assay/core';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';
import { main } from '../program.js';

interface Resolved {
  uri: string;
  version: ModelVersion;
  source: string;
  downloadUri: string;
}

describe('assay models', () => {
  let directory: { path: string; remove: () => Promise<void> };
  let runId = '';
  let artifactUri = '';

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    const store = await LocalStore.open({ root: directory.path });
    try {
      const experimentId = await store.createExperiment({ name: 'training' });
      const run = await store.createRun({ experimentId, runName: 'train' });
      runId = run.info.runId;
      artifactUri = run.info.artifactUri.replace(/\/+$/u, '');
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    await directory.remove();
  });

  const cli = (args: readonly string[]) => runCli(directory.path, args);
  const cliJson = <T>(args: readonly string[]) => runCliJson<T>(directory.path, args);

  it('registers a run artifact, creating the model, and prints the version with its run', async () => {
    const result = await cli(['models', 'register', `runs:/${runId}/model`, 'support-bot']);
    expect(result).toEqual({ exitCode: 0, stderr: '', stdout: `Registered version 1 of 'support-bot' from run ${runId}: models:/support-bot/1\n` });
  });

  it('registers another version with tags and a description, as JSON', async () => {
    const version = await cliJson<ModelVersion>(['models', 'register', `runs:/${runId}/model`, 'support-bot', '--tag', 'team=ml', '--description', 'tuned']);
    expect(version).toMatchObject({ name: 'support-bot', version: 2, runId, source: `runs:/${runId}/model`, tags: { team: 'ml' }, description: 'tuned' });
    const third = await cliJson<ModelVersion>(['models', 'register', 'file:///models/bot-v3', 'support-bot']);
    expect(third).toMatchObject({ version: 3, source: 'file:///models/bot-v3' });
    expect(third.runId).toBeUndefined();
  });

  it('lists models as JSON and as a table', async () => {
    await cliJson<ModelVersion>(['models', 'register', 'file:///models/other', 'other-model']);
    const listed = await cliJson<{ registeredModels: RegisteredModel[] }>(['models', 'list']);
    expect(listed.registeredModels.map((model) => model.name)).toEqual(['other-model', 'support-bot']);
    const filtered = await cliJson<{ registeredModels: RegisteredModel[] }>(['models', 'list', '--filter', "name LIKE 'support%'"]);
    expect(filtered.registeredModels.map((model) => model.name)).toEqual(['support-bot']);

    const table = await cli(['models', 'list']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/Name\s+│ Latest │ Aliases │ Updated/u);
    expect(table.stdout).toMatch(/support-bot\s+│\s+3 │/u);
  });

  it('pages the list and prints the command for the next page', async () => {
    const firstPage = await cli(['models', 'list', '--max-results', '1']);
    expect(firstPage.exitCode).toBe(0);
    expect(firstPage.stdout).toContain('other-model');
    expect(firstPage.stdout).not.toContain('support-bot');
    expect(firstPage.stderr).toMatch(/^More models: assay --tracking-uri \S+ models list --max-results 1 --page-token \S+\n$/u);
  });

  it('lists the versions of a model, newest first', async () => {
    const { modelVersions } = await cliJson<{ modelVersions: ModelVersion[] }>(['models', 'versions', 'support-bot']);
    expect(modelVersions.map((version) => version.version)).toEqual([3, 2, 1]);
    const table = await cli(['models', 'versions', 'support-bot']);
    expect(table.stdout).toMatch(/Version │ Stage\s+│ Aliases │ Status/u);
    expect(table.stdout).toContain('file:///models/bot-v3');
    expect(table.stdout).toContain(runId);
  });

  it('says so for the versions of an unknown model', async () => {
    const result = await cli(['models', 'versions', 'ghost']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error: Registered model 'ghost' not found.");
  });

  it('sets, shows, moves and deletes an alias', async () => {
    const set = await cli(['models', 'alias', 'support-bot', 'champion', '1']);
    expect(set).toEqual({ exitCode: 0, stderr: '', stdout: "Alias 'champion' of 'support-bot' now points at version 1: models:/support-bot@champion\n" });
    expect(await cliJson(['models', 'alias', 'support-bot', 'champion', '2'])).toEqual({ name: 'support-bot', alias: 'champion', version: 2 });
    expect((await cliJson<RegisteredModel>(['models', 'get', 'support-bot'])).aliases).toEqual({ champion: 2 });

    await cli(['models', 'alias', 'support-bot', 'short-lived', '3']);
    const deleted = await cli(['models', 'alias', 'support-bot', 'short-lived', '--delete']);
    expect(deleted.stdout).toBe("Deleted alias 'short-lived' of 'support-bot' (it pointed at version 3).\n");
    const again = await cli(['models', 'alias', 'support-bot', 'short-lived', '--delete']);
    expect(again).toMatchObject({ exitCode: 0, stdout: "Model 'support-bot' has no alias 'short-lived'; nothing changed.\n" });
    expect(await cliJson(['models', 'alias', 'support-bot', 'short-lived', '--delete'])).toEqual({ name: 'support-bot', alias: 'short-lived', deleted: false });
  });

  it('refuses an alias without a version, a version with --delete, and a reserved alias', async () => {
    const missing = await cli(['models', 'alias', 'support-bot', 'champion']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("Say which version alias 'champion' points at");
    const both = await cli(['models', 'alias', 'support-bot', 'champion', '2', '--delete']);
    expect(both.exitCode).toBe(1);
    expect(both.stderr).toContain("drop the version '2'");
    const reserved = await cli(['models', 'alias', 'support-bot', 'latest', '2']);
    expect(reserved.exitCode).toBe(1);
    expect(reserved.stderr).toContain("Alias 'latest' is reserved");
  });

  it('moves versions between stages and says which were archived', async () => {
    const first = await cli(['models', 'stage', 'support-bot', '1', 'production']);
    expect(first).toEqual({ exitCode: 0, stderr: '', stdout: "Version 1 of 'support-bot' is now in stage Production.\n" });
    const second = await cli(['models', 'stage', 'support-bot', '2', 'Production', '--archive-existing']);
    expect(second.stdout).toBe("Version 2 of 'support-bot' is now in stage Production.\nArchived the other version(s) that were in Production: 1.\n");
    expect((await cliJson<ModelVersion>(['models', 'get', 'support-bot', '1'])).currentStage).toBe('Archived');
    const staged = await cliJson<ModelVersion>(['models', 'stage', 'support-bot', '3', 'Staging']);
    expect(staged).toMatchObject({ version: 3, currentStage: 'Staging' });
    const bad = await cli(['models', 'stage', 'support-bot', '3', 'Prod']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('Stage must be one of None, Staging, Production, Archived');
  });

  it('resolves every form of models:/ URI as JSON', async () => {
    const cases: [string, number][] = [
      ['models:/support-bot/1', 1],
      ['models:/support-bot@champion', 2],
      ['models:/support-bot/Production', 2],
      ['models:/support-bot/staging', 3],
      ['models:/support-bot/Archived', 1],
      ['models:/support-bot/latest', 3],
    ];
    for (const [uri, version] of cases) {
      const resolved = await cliJson<Resolved>(['models', 'resolve', uri]);
      expect(resolved.uri).toBe(uri);
      expect(resolved.version.version).toBe(version);
    }
    const fromRun = await cliJson<Resolved>(['models', 'resolve', 'models:/support-bot@champion']);
    expect(fromRun).toMatchObject({ source: `runs:/${runId}/model`, downloadUri: `${artifactUri}/model`, version: { runId } });
  });

  it('resolves a URI to tables with the download location', async () => {
    const result = await cli(['models', 'resolve', 'models:/support-bot/latest']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('models:/support-bot/latest → version 3');
    expect(result.stdout).toMatch(/Download URI\s+│ file:\/\/\/models\/bot-v3/u);
    expect(result.stdout).toMatch(/Stage\s+│ Staging/u);
  });

  it('says what is wrong with a URI that cannot be resolved', async () => {
    const malformed = await cli(['models', 'resolve', 'models:/support-bot']);
    expect(malformed.exitCode).toBe(1);
    expect(malformed.stderr).toContain("Invalid model URI 'models:/support-bot': it names no version");
    expect(malformed.stderr).toContain('models resolve --help');
    const emptyStage = await cli(['models', 'resolve', 'models:/other-model/Production']);
    expect(emptyStage.exitCode).toBe(1);
    expect(emptyStage.stderr).toContain("Model 'other-model' has no version in stage Production");
    const unknownAlias = await cli(['models', 'resolve', 'models:/support-bot@nope']);
    expect(unknownAlias.stderr).toContain("Cannot resolve 'models:/support-bot@nope': Registered model 'support-bot' has no alias 'nope'; its aliases are champion.");
  });

  it('shows a model and one version as tables', async () => {
    const model = await cli(['models', 'get', 'support-bot']);
    expect(model.exitCode).toBe(0);
    expect(model.stdout).toMatch(/Name\s+│ support-bot/u);
    expect(model.stdout).toContain('Aliases (1)');
    expect(model.stdout).toMatch(/Alias\s+│ Version\s+│\n[^\n]+\n│ champion │\s+2 │/u);
    expect(model.stdout).toContain('Latest version per stage');
    const version = await cli(['models', 'get', 'support-bot', '2']);
    expect(version.stdout).toMatch(/Description\s+│ tuned/u);
    expect(version.stdout).toMatch(/Tags\s+│ team=ml/u);
    const unknown = await cli(['models', 'get', 'support-bot', '9']);
    expect(unknown).toMatchObject({ exitCode: 1, stderr: "error: Model version 9 of 'support-bot' not found; its versions are 1, 2, 3.\n" });
  });

  it('escapes control characters and ANSI sequences in names and descriptions', async () => {
    const name = 'evil\u001b[31mred';
    const registered = await cli(['models', 'register', 'file:///m', name, '--description', 'line one\nline two\u001b[2J']);
    expect(registered.exitCode).toBe(0);
    expect(registered.stdout).toBe("Registered version 1 of 'evil\\x1b[31mred': models:/evil\\x1b[31mred/1\n");
    const listed = await cli(['models', 'list']);
    const shown = await cli(['models', 'get', name, '1']);
    for (const output of [listed.stdout, shown.stdout]) {
      expect(output).not.toContain('\u001b');
      expect(output).toContain('evil\\x1b[31mred');
    }
    expect(shown.stdout).toContain('line one⏎line two\\x1b[2J');
    // JSON keeps the text as stored.
    expect((await cliJson<ModelVersion>(['models', 'get', name, '1'])).description).toBe('line one\nline two\u001b[2J');
  });
});

describe('assay models on a store without the registry', () => {
  it('says which tracking URIs have one', async () => {
    const trackingOnly = { close: () => Promise.resolve() } as unknown as Store;
    let stderr = '';
    const exitCode = await main(['node', 'assay', '--tracking-uri', 'http://127.0.0.1:5999', 'models', 'list'], {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
      },
      env: {},
      openStore: () => Promise.resolve(trackingOnly),
    });
    expect(exitCode).toBe(1);
    expect(stderr).toContain("error: The store of tracking URI 'http://127.0.0.1:5999' cannot be used for the model registry");
    expect(stderr).toContain("a path such as './.assay' or a file:// URI");
  });
});
