import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createDemoStore, describeInBrowser, repositoryRoot, useDashboard, type DashboardPage } from './dashboard-fixture.js';

// The model registry and prompt pages on `assay demo`'s store: figures checked against the API.

interface Tag {
  key: string;
  value: string;
}
interface ModelVersion {
  version: string;
  current_stage: string;
  run_id?: string;
  aliases?: string[];
}
interface RegisteredModel {
  name: string;
  aliases?: Array<{ alias: string; version: string }>;
  protected?: boolean;
}
interface RegistryEvent {
  id: string;
  actor?: string;
  version?: string;
  action: string;
}
interface Run {
  data: { metrics?: Array<{ key: string; value: number }>; params?: Tag[] };
}

/** A JSON answer of the dashboard's server, failing the test on an error status. */
async function apiJson<T>(base: string, path: string, init: { body?: unknown; headers?: Record<string, string>; method?: string } = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Errors but the 404s of sections other helpers build (runs, evaluations, traces pages prefetched by links). */
function unexpected(errors: string[]): string[] {
  return errors.filter((error) => !error.includes('404'));
}

describeInBrowser('dashboard: model registry and prompts (demo store)', () => {
  const session = useDashboard();
  const get = <T,>(path: string) => apiJson<T>(session.server.url, path);

  it('lists support-bot (not the prompt) with its aliases, stages and protection, as the API has them; the search is in the URL', async () => {
    const { page, errors, screenshot } = await session.newPage();
    const { registered_model: model } = await get<{ registered_model: RegisteredModel & { latest_versions?: ModelVersion[] } }>('/api/2.0/mlflow/registered-models/get?name=support-bot');
    expect(model.aliases?.length).toBe(2);
    await page.goto('/models');
    const table = page.getByRole('table', { name: 'Registered models' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'support-bot', exact: true }) });
    await expect.poll(() => row.count()).toBe(1);
    for (const alias of model.aliases ?? []) await expect.poll(() => row.getByText(`${alias.alias} → v${alias.version}`).count()).toBe(1);
    const production = (model.latest_versions ?? []).find((version) => version.current_stage === 'Production');
    expect(production).toBeDefined();
    expect(await row.getByText(`Production: v${production!.version}`).count()).toBe(1);
    expect(await row.getByText('protected').count()).toBe(model.protected ? 1 : 0);
    expect(await row.getByText('team=support').count()).toBe(1);
    // Prompts are registered models too, listed on their own page.
    expect(await table.getByRole('link', { name: 'support-answer' }).count()).toBe(0);
    await screenshot('models-list');

    await page.getByRole('searchbox', { name: 'Search models by name' }).fill('nothing-like-this');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toMatch(/\/models\?q=nothing-like-this$/);
    await page.reload();
    await expect.poll(() => page.getByText("No registered model's name contains “nothing-like-this”.").count()).toBe(1);
    expect(unexpected(errors)).toEqual([]);
  });

  it("shows the model's versions with stages, aliases, source runs, evaluations and the runs' metrics, and the pending request", async () => {
    const { page, errors, screenshot } = await session.newPage();
    const { model_versions: versions = [] } = await get<{ model_versions?: ModelVersion[] }>(`/api/2.0/mlflow/model-versions/search?filter=${encodeURIComponent("name = 'support-bot'")}`);
    expect(versions.map((version) => version.version).sort()).toEqual(['1', '2']);
    await page.goto('/models/support-bot');
    const table = page.getByRole('table', { name: 'Versions' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    for (const version of versions) {
      const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: `Version ${version.version} details` }) });
      expect(await row.getByText(version.current_stage, { exact: true }).count()).toBe(1);
      for (const alias of version.aliases ?? []) expect(await row.getByText(alias, { exact: true }).count()).toBe(1);
      expect(version.run_id).toBeTruthy();
      expect(await row.locator(`a[href="/runs/${version.run_id}"]`).count()).toBe(1);
      // The demo registers each version from an evaluation run (it logged evaluation.rows).
      const { run } = await get<{ run: Run }>(`/api/2.0/mlflow/runs/get?run_id=${version.run_id}`);
      expect(run.data.params?.some((param) => param.key === 'evaluation.rows')).toBe(true);
      expect(await row.locator(`a[href="/evaluations/${version.run_id}"]`).count()).toBe(1);
      // Lineage: the run's headline figures as the API has them.
      const metrics = page.getByRole('list', { name: `Headline metrics of version ${version.version}` });
      const exactMatch = run.data.metrics?.find((metric) => metric.key === 'exact_match');
      expect(exactMatch).toBeDefined();
      expect(await metrics.getByRole('listitem').filter({ hasText: 'exact_match' }).textContent()).toBe(`exact_match ${String(Number(exactMatch!.value.toPrecision(6)))}`);
    }
    const requests = page.getByRole('table', { name: 'Pending requests' });
    const dana = requests.getByRole('row').filter({ hasText: 'dana' });
    await expect.poll(() => dana.count()).toBe(1);
    expect(await dana.textContent()).toContain('v2 → Production (archive existing)');
    await screenshot('model-page');

    await page.getByRole('link', { name: 'Version 2 details' }).click();
    await expect.poll(() => page.url()).toMatch(/\?version=2$/);
    await page.reload();
    const detail = page.getByRole('region', { name: 'Version 2' });
    await expect.poll(() => detail.count()).toBe(1);
    expect(await detail.getByText('Second support bot: answers that follow the reference.').count()).toBe(1);
    expect(unexpected(errors)).toEqual([]);
  });

  it('lists the audit log newest first with its actors, filtered by version through the URL', async () => {
    const { page, errors, screenshot } = await session.newPage();
    const { events = [] } = await get<{ events?: RegistryEvent[] }>('/api/assay/v1/registered-models/events?name=support-bot&max_results=1000');
    expect(events.map((event) => event.actor)).toContain('dana');
    await page.goto('/models/support-bot?tab=audit');
    const table = page.getByRole('table', { name: 'Audit log' });
    await expect.poll(() => table.getByRole('row').count()).toBe(events.length + 1);
    const newest = events.at(-1)!;
    const firstRow = table.getByRole('row').nth(1);
    expect(await firstRow.getByRole('cell').nth(1).textContent()).toBe(newest.actor);
    expect(await firstRow.getByRole('cell').nth(3).textContent()).toBe(newest.action);
    const actors = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(actors).toEqual(events.map((event) => event.actor ?? 'unknown').reverse());
    await screenshot('model-audit');

    await page.getByRole('textbox', { name: 'Filter by version' }).fill('1');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.url()).toMatch(/\?tab=audit&version=1$/);
    const ofVersion1 = events.filter((event) => event.version === '1');
    expect(ofVersion1.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('table', { name: 'Audit log' }).getByRole('row').count()).toBe(ofVersion1.length + 1);
    expect(await page.getByRole('table', { name: 'Audit log' }).locator('tbody tr td:nth-child(4)').allTextContents()).toEqual(ofVersion1.map((event) => event.action).reverse());
    expect(unexpected(errors)).toEqual([]);
  });

  it('lists the prompt, shows both versions, the diff of their templates, and the traces that used version 2', async () => {
    const { page, errors, screenshot } = await session.newPage();
    await page.goto('/prompts');
    const list = page.getByRole('table', { name: 'Prompts' });
    await expect.poll(() => list.getByRole('link', { name: 'support-answer' }).count()).toBe(1);
    expect(await list.getByRole('link', { name: 'support-bot' }).count()).toBe(0);
    expect(await list.getByText('production → v1').count()).toBe(1);
    await screenshot('prompts-list');

    const { model_versions: versions = [] } = await get<{ model_versions?: Array<ModelVersion & { tags?: Tag[]; description?: string }> }>(
      `/api/2.0/mlflow/model-versions/search?filter=${encodeURIComponent("name = 'support-answer'")}`,
    );
    const textOf = (number: string) => versions.find((version) => version.version === number)?.tags?.find((tag) => tag.key === 'mlflow.prompt.text')?.value;
    expect(textOf('1')).toBeTruthy();
    expect(textOf('2')).toBeTruthy();

    // The traces that carry the prompt tag of version 2, by the API.
    const { experiments = [] } = await apiJson<{ experiments?: Array<{ experiment_id: string }> }>(session.server.url, '/api/2.0/mlflow/experiments/search', { body: { max_results: 1000 } });
    const { traces = [] } = await apiJson<{ traces?: Array<{ trace_id: string; tags?: Record<string, string> }> }>(session.server.url, '/api/3.0/mlflow/traces/search', {
      body: { experiment_ids: experiments.map((experiment) => experiment.experiment_id), filter: "tags.`assay.prompt.support-answer` = '2'", max_results: 500 },
    });
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) expect(trace.tags?.['assay.prompt.support-answer']).toBe('2');

    await page.goto('/prompts/support-answer');
    const table = page.getByRole('table', { name: 'Prompt versions' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    for (const version of versions) expect(await table.getByRole('row').filter({ hasText: version.description ?? '' }).count()).toBe(1);
    // The newest version is shown by default, its {{question}} variable marked.
    const template = page.getByRole('region', { name: 'Template of version 2' });
    await expect.poll(() => template.textContent()).toBe(textOf('2'));
    expect(await template.locator('mark').allTextContents()).toEqual(['{{question}}']);
    const traceTable = page.getByRole('table', { name: 'Traces of version 2' });
    await expect.poll(() => traceTable.getByRole('row').count()).toBe(traces.length + 1);
    for (const trace of traces) expect(await traceTable.locator(`a[href="/traces/${trace.trace_id}"]`).count()).toBe(1);

    await page.getByRole('button', { name: 'Show diff' }).click();
    await expect.poll(() => page.url()).toMatch(/\?diff=1\.\.2$/);
    await page.reload();
    const diff = page.getByRole('region', { name: 'Template diff' });
    await expect.poll(() => diff.locator('[data-diff="removed"]').allTextContents()).toEqual([`- ${textOf('1')}`]);
    expect(await diff.locator('[data-diff="added"]').allTextContents()).toEqual([`+ ${textOf('2')}`]);
    await screenshot('prompt-page');

    await page.getByRole('link', { name: 'Prompt version 1' }).click();
    await expect.poll(() => page.url()).toMatch(/\?version=1$/);
    await expect.poll(() => page.getByRole('region', { name: 'Template of version 1' }).textContent()).toBe(textOf('1'));

    // A chat template (stored as MLflow 3 does: JSON messages, type chat) is shown as role and content.
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Question: {{question}}' },
    ];
    await apiJson(session.server.url, '/api/2.0/mlflow/registered-models/create', { body: { name: 'chat-answer', tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }] } });
    await apiJson(session.server.url, '/api/2.0/mlflow/model-versions/create', {
      body: {
        name: 'chat-answer',
        source: 'assay:prompt',
        description: 'Chat form',
        tags: [
          { key: 'mlflow.prompt.is_prompt', value: 'true' },
          { key: 'mlflow.prompt.text', value: JSON.stringify(messages) },
          { key: '_mlflow_prompt_type', value: 'chat' },
        ],
      },
    });
    await page.goto('/prompts/chat-answer');
    const chat = page.getByRole('region', { name: 'Template of version 1' }).getByRole('listitem');
    await expect.poll(() => chat.allTextContents()).toEqual(messages.map((message) => `${message.role}${message.content}`));
    expect(await chat.nth(1).locator('mark').textContent()).toBe('{{question}}');
    expect(unexpected(errors)).toEqual([]);
  });
});

const PASSWORD = 'registry-browser-test-password';
const CLI = join(repositoryRoot, 'packages', 'cli', 'dist', 'bin.js');

/** `assay server users add`, the password on stdin (as an operator's script does). */
function addUser(root: string, username: string, admin = false): void {
  const result = spawnSync(process.execPath, [CLI, 'server', 'users', 'add', username, '--store', root, ...(admin ? ['--admin'] : [])], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    input: `${PASSWORD}\n`,
    env: { ...process.env, ASSAY_TRACKING_URI: '' },
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`users add ${username} failed: ${result.stderr}`);
}

function basic(username: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${PASSWORD}`).toString('base64')}` };
}

/** The demo store with users: root (admin), olivia (the owner: MANAGE), mia (another MANAGE on support-bot), rita (READ: granted on support-bot, the default on faq-bot until a test changes it). */
function createStoreWithUsers(): string {
  const root = createDemoStore();
  addUser(root, 'root', true);
  for (const username of ['olivia', 'mia', 'rita']) addUser(root, username);
  return root;
}

describeInBrowser('dashboard: registry permissions (auth on)', () => {
  const session = useDashboard({ store: createStoreWithUsers });
  const asRoot = <T,>(path: string, body?: unknown) => apiJson<T>(session.server.url, path, { body, headers: basic('root') });
  const aliasesOf = async (name: string) => (await asRoot<{ registered_model: RegisteredModel }>(`/api/2.0/mlflow/registered-models/get?name=${name}`)).registered_model.aliases ?? [];
  let ready: Promise<void> | undefined;
  /** faq-bot: an unprotected model with two versions and alias champion → 1; the grants. Once, before the first test needs them. */
  const setUp = () =>
    (ready ??= (async () => {
      // LLM-written text may carry terminal escapes: the page shows them as text.
      await asRoot('/api/2.0/mlflow/registered-models/create', { name: 'faq-bot', description: 'FAQ bot \u001b[31mred\u001b[0m' });
      for (const version of [1, 2]) await asRoot('/api/2.0/mlflow/model-versions/create', { name: 'faq-bot', source: `file:///models/faq-bot/${version}` });
      await asRoot('/api/2.0/mlflow/registered-models/alias', { name: 'faq-bot', alias: 'champion', version: '1' });
      const grant = (username: string, name: string, permission: string) => asRoot('/api/2.0/mlflow/registered-models/permissions/create', { username, name, permission });
      await grant('olivia', 'faq-bot', 'MANAGE');
      await grant('olivia', 'support-bot', 'MANAGE');
      await grant('mia', 'support-bot', 'MANAGE');
      await grant('rita', 'support-bot', 'READ');
    })());
  const signIn = (username: string): Promise<DashboardPage> => session.newPage({ httpCredentials: { username, password: PASSWORD } });

  it('answers a page without credentials with the Basic challenge', async () => {
    const response = await fetch(`${session.server.url}/models/support-bot`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it("a user without EDIT cannot change an alias: the controls are disabled, and a write the page still allowed shows the server's refusal; the alias stays", async () => {
    await setUp();
    const { page, errors } = await signIn('rita');
    // An explicit READ grant (support-bot) and the server's default READ (faq-bot): the page knows both, the controls are disabled.
    for (const name of ['support-bot', 'faq-bot']) {
      await page.goto(`/models/${name}`);
      await expect.poll(() => page.getByRole('button', { name: 'Move alias champion' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Set alias' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Transition' }).isDisabled()).toBe(true);
      expect(await page.getByText('You need EDIT on this model to change its aliases.').count()).toBe(1);
      expect(await page.getByText('rita: READ').count()).toBe(1);
    }
    expect(await page.goto('/models/support-bot').then(() => page.getByRole('button', { name: 'Approve request 1' }).isDisabled())).toBe(true);

    // A page rendered while rita held EDIT, her grant lowered to READ before she clicks: the server refuses, the page says why.
    await asRoot('/api/2.0/mlflow/registered-models/permissions/create', { username: 'rita', name: 'faq-bot', permission: 'EDIT' });
    await page.goto('/models/faq-bot');
    await expect.poll(() => page.getByText('rita: EDIT').count()).toBe(1);
    await apiJson(session.server.url, '/api/2.0/mlflow/registered-models/permissions/update', { method: 'PATCH', body: { username: 'rita', name: 'faq-bot', permission: 'READ' }, headers: basic('root') });
    await page.getByRole('combobox', { name: 'Version for alias champion' }).selectOption('2');
    await page.getByRole('button', { name: 'Move alias champion' }).click();
    // The route announcer Next adds to the body is an alert too: the page's own are in main.
    const alert = page.getByRole('main').getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe("PERMISSION_DENIED: Permission denied: this needs EDIT on registered model 'faq-bot'; user 'rita' has READ.");
    expect(await aliasesOf('faq-bot')).toEqual([{ alias: 'champion', version: '1' }]);
    await page.reload();
    expect(await page.getByRole('table', { name: 'Aliases' }).getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe('v1');
    expect(await page.getByRole('button', { name: 'Move alias champion' }).isDisabled()).toBe(true);
    expect(errors.filter((error) => !error.includes('403') && !error.includes('404'))).toEqual([]);
  });

  it('the owner moves an alias and a stage on an unprotected model, and the page shows them (escapes in a description shown as text)', async () => {
    await setUp();
    const { page, errors } = await signIn('olivia');
    await page.goto('/models/faq-bot');
    await page.getByRole('combobox', { name: 'Version for alias champion' }).selectOption('2');
    await page.getByRole('button', { name: 'Move alias champion' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Alias' }).textContent()).toBe('Alias “champion” now points at version 2.');
    await expect.poll(() => page.getByRole('table', { name: 'Aliases' }).getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe('v2');
    expect(await aliasesOf('faq-bot')).toEqual([{ alias: 'champion', version: '2' }]);
    const { events = [] } = await asRoot<{ events?: RegistryEvent[] }>('/api/assay/v1/registered-models/events?name=faq-bot&max_results=1000');
    expect(events.at(-1)).toMatchObject({ actor: 'olivia', action: 'set_alias', version: '2' });
    expect(await page.getByRole('definition').filter({ hasText: 'FAQ bot' }).textContent()).toBe('FAQ bot ␛[31mred␛[0m');

    await page.getByRole('combobox', { name: 'Version to transition' }).selectOption('1');
    await page.getByRole('combobox', { name: 'Target stage' }).selectOption('Production');
    await page.getByRole('textbox', { name: 'Stage change comment' }).fill('release');
    await page.getByRole('button', { name: 'Transition' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'moved' }).textContent()).toBe('Version 1 moved to Production.');
    const { model_version: moved } = await asRoot<{ model_version: ModelVersion }>('/api/2.0/mlflow/model-versions/get?name=faq-bot&version=1');
    expect(moved.current_stage).toBe('Production');
    await expect.poll(() => page.getByRole('table', { name: 'Versions' }).getByRole('row').filter({ has: page.getByRole('link', { name: 'Version 1 details' }) }).getByRole('cell').nth(1).textContent()).toBe('Production');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete alias champion' }).click();
    await expect.poll(() => aliasesOf('faq-bot')).toEqual([]);
    await expect.poll(() => page.getByRole('table', { name: 'Aliases' }).count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
  });

  it("on the protected model the owner's move is refused with the message, a request is filed, the requester's approval is refused, another MANAGE user approves it", async () => {
    await setUp();
    const owner = await signIn('olivia');
    await owner.page.goto('/models/support-bot');
    await owner.page.getByRole('combobox', { name: 'Version for alias champion' }).selectOption('2');
    await owner.page.getByRole('button', { name: 'Move alias champion' }).click();
    const refusal = owner.page.getByRole('main').getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain("registered model 'support-bot' is protected");
    expect(await aliasesOf('support-bot')).toContainEqual({ alias: 'champion', version: '1' });

    const form = owner.page.getByRole('form', { name: 'Approval request' });
    await form.getByRole('textbox', { name: 'Request comment' }).fill('v2 is better on support-faq');
    await form.getByRole('button', { name: 'File approval request' }).click();
    await expect.poll(() => form.getByRole('status').count()).toBe(1);
    const { transition_requests: pending = [] } = await asRoot<{ transition_requests?: Array<{ id: string; requested_by: string; alias?: string; version: string }> }>(
      '/api/assay/v1/transition-requests?name=support-bot',
    );
    const filed = pending.find((request) => request.requested_by === 'olivia');
    expect(filed).toMatchObject({ alias: 'champion', version: '2' });
    const requests = owner.page.getByRole('table', { name: 'Pending requests' });
    await expect.poll(() => requests.getByRole('row').filter({ hasText: 'olivia' }).count()).toBe(1);

    await owner.page.getByRole('button', { name: `Approve request ${filed!.id}` }).click();
    await expect.poll(() => owner.page.getByRole('main').getByRole('alert').filter({ hasText: 'cannot approve' }).textContent()).toBe(
      `PERMISSION_DENIED: Permission denied: olivia made transition request ${filed!.id} and cannot approve it; another user with MANAGE on 'support-bot' must.`,
    );
    expect(await aliasesOf('support-bot')).toContainEqual({ alias: 'champion', version: '1' });
    await owner.screenshot('model-page-protected-refusal');

    const approver = await signIn('mia');
    await approver.page.goto('/models/support-bot');
    await approver.page.getByRole('textbox', { name: `Decision comment for request ${filed!.id}` }).fill('agreed');
    await approver.page.getByRole('button', { name: `Approve request ${filed!.id}` }).click();
    await expect.poll(() => approver.page.getByRole('status').textContent()).toBe(`Request ${filed!.id} approved: its change is made.`);
    expect(await aliasesOf('support-bot')).toContainEqual({ alias: 'champion', version: '2' });
    await expect.poll(() => approver.page.getByRole('table', { name: 'Aliases' }).getByRole('row').filter({ hasText: 'champion' }).getByRole('cell').nth(1).textContent()).toBe('v2');

    // The demo's request (dana's) is rejected by a MANAGE user who is not its requester.
    await approver.page.getByRole('button', { name: 'Reject request 1' }).click();
    await expect.poll(() => approver.page.getByRole('status').textContent()).toBe('Request 1 rejected.');
    const { transition_request: rejected } = await asRoot<{ transition_request: { status: string; decided_by?: string } }>('/api/assay/v1/transition-requests/get?id=1');
    expect(rejected).toMatchObject({ status: 'REJECTED', decided_by: 'mia' });
    await expect.poll(() => approver.page.getByText('No pending requests.', { exact: false }).count()).toBe(1);
    expect(unexpected(approver.errors)).toEqual([]);
    expect(owner.errors.filter((error) => !error.includes('403') && !error.includes('404'))).toEqual([]);
  });
});
