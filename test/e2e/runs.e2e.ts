import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process';
import { launchBrowser, shot } from '../support/browser';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'main', 'cli.js');

describe('example workspace, runs and lineage in the UI', () => {
  let app: AppProcess;
  let context: BrowserContext;
  let page: Page;
  const target = join(mkdtempSync(join(tmpdir(), 'nb-runs-')), 'example');

  beforeAll(async () => {
    app = await startApp();
    ({ context, page } = await launchBrowser());
  });
  afterAll(async () => {
    await context?.close();
    await app?.stop();
  });

  it('copies and opens the example workspace from the welcome screen', async () => {
    await page.goto(app.url);
    await page.getByTestId('example-path').fill(target);
    await page.getByTestId('example-submit').click();
    await page.getByTestId('section-pipelines').waitFor();
    expect(existsSync(join(target, 'pipelines', 'penguins-explore.nodebook.yaml'))).toBe(true);
    expect(existsSync(join(target, 'data', 'penguins.csv'))).toBe(true);
    await expect.poll(() => page.title()).toBe('example — Nodebook');
  });

  it('shows a CLI run with its steps, and an output lineage back to the CSV', async () => {
    await page.getByTestId('nav-runs').click();
    await page.getByTestId('empty-runs').waitFor();
    const out = execFileSync(process.execPath, [cli, 'run', 'pipelines/breast-cancer-data.nodebook.yaml', '--json'], { cwd: target, encoding: 'utf8' });
    const summary: { run: string; status: string } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
    expect(summary.status).toBe('succeeded');
    // The UI's backend did not run it, so reload the section to list it.
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('nav-runs').click();
    await page.getByTestId(`run-row-${summary.run}`).click();
    await page.getByTestId('run-detail').waitFor();
    expect(await page.getByTestId('run-step-split').textContent()).toContain('done');
    await page.getByTestId('lineage-split-train').click();
    const lineage = page.getByTestId('lineage-panel');
    await lineage.waitFor();
    expect(await lineage.textContent()).toContain('data/breast_cancer.csv');
    await shot(page, 'runs-detail-lineage');
  });
});
