import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process';
import { launchBrowser, shot } from '../support/browser';

describe('welcome screen and workspace errors', () => {
  let app: AppProcess;
  let context: BrowserContext;
  let page: Page;
  const base = mkdtempSync(join(tmpdir(), 'nb-welcome-'));

  beforeAll(async () => {
    app = await startApp();
    ({ context, page } = await launchBrowser());
    await page.goto(app.url);
    await page.getByTestId('welcome').waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await app?.stop();
  });

  it('offers open, create, the example and an empty recent list', async () => {
    expect(await page.getByTestId('recent-empty').isVisible()).toBe(true);
    await shot(page, 'welcome');
  });

  it('names the folder when it is not a workspace, and stays usable', async () => {
    await page.getByTestId('open-path').fill(join(base, 'nothing-here'));
    await page.getByTestId('open-submit').click();
    const err = page.getByTestId('error-box');
    await err.waitFor();
    expect(await err.textContent()).toContain(join(base, 'nothing-here'));
    await shot(page, 'welcome-error');
  });

  it('reports a corrupt nodebook.db clearly and still opens other workspaces', async () => {
    const broken = join(base, 'broken');
    mkdirSync(join(broken, '.nodebook'), { recursive: true });
    writeFileSync(join(broken, 'nodebook.yaml'), 'nodebook: 1\nname: broken\n');
    writeFileSync(join(broken, '.nodebook', 'nodebook.db'), 'this is not sqlite at all, just text that got here somehow');
    await page.getByTestId('open-path').fill(broken);
    await page.getByTestId('open-submit').click();
    await expect.poll(() => page.getByTestId('error-box').textContent()).toContain('is not a SQLite database');
    expect(await page.getByTestId('welcome').isVisible()).toBe(true);

    const fresh = join(base, 'fresh');
    await page.getByTestId('create-path').fill(fresh);
    await page.getByTestId('create-submit').click();
    await page.getByTestId('section-pipelines').waitFor();
    expect(existsSync(join(fresh, 'nodebook.yaml'))).toBe(true);
    expect(existsSync(join(fresh, '.nodebook', 'nodebook.db'))).toBe(true);
    await expect.poll(() => page.title()).toBe('fresh — Nodebook');
  });

  it('reports a read-only folder as not writable', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; covered by the unit test's permission check message
    const ro = join(base, 'readonly');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    await page.getByTestId('close-workspace').click();
    await page.getByTestId('create-path').fill(ro);
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('error-box').textContent()).toContain('not writable');
  });

  it('remembers recent workspaces and reopens one', async () => {
    if (await page.getByTestId('close-workspace').isVisible()) await page.getByTestId('close-workspace').click();
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('recent-open').first().click();
    await page.getByTestId('section-pipelines').waitFor();
    expect(await page.getByTestId('status-workspace').textContent()).toContain(join(base, 'fresh'));
  });
});
