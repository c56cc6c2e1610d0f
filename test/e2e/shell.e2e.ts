import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shot } from '../support/browser';
import { useAppSession } from '../support/session';

const SECTIONS = [
  ['pipelines', 'empty-pipelines', 'No pipelines yet'],
  ['data', 'empty-data', 'No data yet'],
  ['runs', 'empty-runs', 'No runs yet'],
  ['models', 'empty-models', 'No models registered'],
  ['deployments', 'empty-deployments', 'Nothing deployed'],
] as const;

describe('app shell in real Chromium', () => {
  const ws = join(mkdtempSync(join(tmpdir(), 'nb-e2e-')), 'penguin-lab');

  const s = useAppSession(() => ['--workspace', ws]);

  it('opens with the token, connects, and shows the workspace', async () => {
    await s.page.goto(s.app.url);
    await expect.poll(() => s.page.getByTestId('status-connection').getAttribute('data-state')).toBe('open');
    await expect.poll(() => s.page.title()).toBe('penguin-lab — Nodebook');
    expect(await s.page.getByTestId('status-workspace').textContent()).toContain(ws);
    expect(await s.page.getByTestId('status-version').textContent()).toMatch(/Nodebook \d+\.\d+\.\d+/);
    // The token leaves the address bar once the page has it.
    expect(s.page.url()).not.toContain('token=');
  });

  it('walks every section and finds an honest empty state', async () => {
    for (const [section, emptyId, title] of SECTIONS) {
      await s.page.getByTestId(`nav-${section}`).click();
      const empty = s.page.getByTestId(emptyId);
      await empty.waitFor();
      expect(await empty.textContent()).toContain(title);
      expect(await s.page.getByTestId(`nav-${section}`).getAttribute('aria-current')).toBe('page');
      await shot(s.page, `shell-${section}`);
    }
  });

  it('switches sections with keyboard shortcuts', async () => {
    await s.page.keyboard.press('Control+3');
    await s.page.getByTestId('section-runs').waitFor();
    await s.page.keyboard.press('Control+1');
    await s.page.getByTestId('section-pipelines').waitFor();
  });

  it('edits workspace settings, refuses bad values, and writes nodebook.yaml', async () => {
    await s.page.getByTestId('nav-settings').click();
    await s.page.getByTestId('workspace-settings').waitFor();
    await s.page.getByTestId('setting-concurrency').fill('500');
    await s.page.getByTestId('settings-save').click();
    const err = s.page.getByTestId('error-box');
    await err.waitFor();
    expect(await err.textContent()).toContain('workspace.concurrency');
    expect(readFileSync(join(ws, 'nodebook.yaml'), 'utf8')).toContain('concurrency: 2');

    await s.page.getByTestId('setting-concurrency').fill('3');
    await s.page.getByTestId('settings-save').click();
    await expect.poll(() => readFileSync(join(ws, 'nodebook.yaml'), 'utf8')).toContain('concurrency: 3');
    await shot(s.page, 'shell-settings');
  });

  it('follows a dark theme choice', async () => {
    await s.page.getByTestId('setting-theme').selectOption('dark');
    await expect.poll(() => s.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await s.page.getByTestId('nav-pipelines').click();
    await shot(s.page, 'shell-pipelines-dark');
    await s.page.getByTestId('nav-settings').click();
    await s.page.getByTestId('setting-theme').selectOption('system');
    await expect.poll(() => s.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });
});
