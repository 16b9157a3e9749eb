import { expect, it } from 'vitest';
import { describeInBrowser, hydrated, useDashboard } from './dashboard-fixture.js';

describeInBrowser('dashboard: experiments', () => {
  const session = useDashboard();

  it('lists the demo experiment, searches by name through the URL, and keeps the search on reload', async () => {
    const { page, errors, screenshot } = await session.newPage();
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    await expect.poll(() => page.url()).toMatch(/\/experiments$/);
    const table = page.getByRole('table', { name: 'Experiments' });
    await expect.poll(() => table.getByRole('link', { name: 'assay-demo', exact: true }).count()).toBe(1);
    await screenshot('experiments');

    await hydrated(page.getByRole('button', { name: 'Search' }));
    await page.getByRole('searchbox', { name: 'Search experiments by name' }).fill('evaluations');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toMatch(/\?q=evaluations$/);
    await expect.poll(() => table.getByRole('row').count()).toBe(2); // the header and assay-demo-evaluations
    expect(await table.getByRole('link').first().textContent()).toBe('assay-demo-evaluations');
    await page.reload();
    await expect.poll(() => page.getByRole('table', { name: 'Experiments' }).getByRole('row').count()).toBe(2);
    expect(await page.getByRole('searchbox', { name: 'Search experiments by name' }).inputValue()).toBe('evaluations');

    await hydrated(page.getByRole('button', { name: 'Search' }));
    await page.getByRole('searchbox', { name: 'Search experiments by name' }).fill('no-such-experiment');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByText("No experiment's name contains “no-such-experiment”.").count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('creates, renames and deletes an experiment', async () => {
    const { page, errors } = await session.newPage();
    await page.goto('/experiments');
    await hydrated(page.getByRole('button', { name: 'Create' }));
    await page.getByRole('textbox', { name: 'New experiment name' }).fill('browser-made');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.url()).toMatch(/\/experiments\/\d+$/);
    await page.goto('/experiments');
    await hydrated(page.getByRole('button', { name: 'Rename browser-made' }));
    await page.getByRole('button', { name: 'Rename browser-made' }).click();
    await page.getByRole('textbox', { name: 'New name for browser-made' }).fill('browser-renamed');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'browser-renamed' }).count()).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete browser-renamed' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'browser-renamed' }).count()).toBe(0);
    expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
  });

  it('refuses a write from another origin (CSRF), while the same request from the page works', async () => {
    const { page } = await session.newPage();
    await page.goto('/experiments');
    await hydrated(page.getByRole('button', { name: 'Create' }));
    const status = await page.evaluate(async () => {
      const response = await fetch('/ajax-api/2.0/mlflow/experiments/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'same-origin' }) });
      return response.status;
    });
    expect(status).toBe(200);
    const foreign = await fetch(`${session.server.url}/ajax-api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'cross-site' }),
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { message: string }).message).toContain('CSRF');
  });
});
