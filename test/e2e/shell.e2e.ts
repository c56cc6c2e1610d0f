import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process';
import { launchBrowser, shot } from '../support/browser';

const SECTIONS = [
  ['pipelines', 'empty-pipelines', 'No pipelines yet'],
  ['data', 'empty-data', 'No data yet'],
  ['runs', 'empty-runs', 'No runs yet'],
  ['models', 'empty-models', 'No models registered'],
  ['deployments', 'empty-deployments', 'Nothing deployed'],
] as const;

describe('app shell in real Chromium', () => {
  let app: AppProcess;
  let context: BrowserContext;
  let page: Page;
  const ws = join(mkdtempSync(join(tmpdir(), 'nb-e2e-')), 'penguin-lab');

  beforeAll(async () => {
    app = await startApp(['--workspace', ws]);
    ({ context, page } = await launchBrowser());
  });
  afterAll(async () => {
    await context?.close();
    await app?.stop();
  });

  it('opens with the token, connects, and shows the workspace', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('status-connection').getAttribute('data-state')).toBe('open');
    await expect.poll(() => page.title()).toBe('penguin-lab — Nodebook');
    expect(await page.getByTestId('status-workspace').textContent()).toContain(ws);
    expect(await page.getByTestId('status-version').textContent()).toMatch(/Nodebook \d+\.\d+\.\d+/);
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token=');
  });

  it('walks every section and finds an honest empty state', async () => {
    for (const [section, emptyId, title] of SECTIONS) {
      await page.getByTestId(`nav-${section}`).click();
      const empty = page.getByTestId(emptyId);
      await empty.waitFor();
      expect(await empty.textContent()).toContain(title);
      expect(await page.getByTestId(`nav-${section}`).getAttribute('aria-current')).toBe('page');
      await shot(page, `shell-${section}`);
    }
  });

  it('switches sections with keyboard shortcuts', async () => {
    await page.keyboard.press('Control+3');
    await page.getByTestId('section-runs').waitFor();
    await page.keyboard.press('Control+1');
    await page.getByTestId('section-pipelines').waitFor();
  });

  it('edits workspace settings, refuses bad values, and writes nodebook.yaml', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('workspace-settings').waitFor();
    await page.getByTestId('setting-concurrency').fill('500');
    await page.getByTestId('settings-save').click();
    const err = page.getByTestId('error-box');
    await err.waitFor();
    expect(await err.textContent()).toContain('workspace.concurrency');
    expect(readFileSync(join(ws, 'nodebook.yaml'), 'utf8')).toContain('concurrency: 2');

    await page.getByTestId('setting-concurrency').fill('3');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => readFileSync(join(ws, 'nodebook.yaml'), 'utf8')).toContain('concurrency: 3');
    await shot(page, 'shell-settings');
  });

  it('follows a dark theme choice', async () => {
    await page.getByTestId('setting-theme').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByTestId('nav-pipelines').click();
    await shot(page, 'shell-pipelines-dark');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-theme').selectOption('system');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });
});
