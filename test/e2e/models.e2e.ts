import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot } from '../support/browser';
import { useAppSession } from '../support/session';

const examples = join(import.meta.dirname, '..', '..', 'resources', 'examples', 'workspace');
const cellState = (page: Page, id: string) => page.getByTestId(`cell-${id}`).getAttribute('data-state');

async function runNotebook(page: Page, pipeline: string, last: string): Promise<void> {
  await page.getByTestId('nav-pipelines').click();
  // Another pipeline may be open in a tab: go back to the list first.
  if (await page.getByTestId('pipeline-tab-list').isVisible()) await page.getByTestId('pipeline-tab-list').click();
  await page.getByTestId(`open-${pipeline}`).click();
  await page.getByTestId('view-notebook').click();
  await page.getByTestId('notebook').waitFor();
  await page.getByTestId('run-all').click();
  await expect.poll(() => cellState(page, last), { timeout: 90_000 }).toBe('done');
}

describe('models in the UI: a training curve, a tuning search', () => {
  const ws = join(mkdtempSync(join(tmpdir(), 'nb-models-')), 'models');
  cpSync(examples, ws, { recursive: true });
  const s = useAppSession(() => ['--workspace', ws]);

  it("draws train.gbdt's loss per round (train and valid) above its metrics", async () => {
    const { page } = s;
    await page.goto(s.app.url);
    await runNotebook(page, 'breast-cancer-gbdt', 'gate');
    const metrics = page.getByTestId('output-gbdt-metrics');
    await metrics.scrollIntoViewIfNeeded();
    await expect.poll(() => metrics.locator('.js-plotly-plot').count(), { timeout: 30_000 }).toBe(1);
    expect(await metrics.locator('.js-plotly-plot').textContent()).toContain('Training curve (logloss)');
    // Two lines: train and valid.
    expect(await metrics.locator('.js-plotly-plot .scatterlayer .trace').count()).toBe(2);
    expect(await metrics.textContent()).toContain('best_round');
    expect(await metrics.textContent()).toMatch(/30: mean_radius, mean_texture/);
    await metrics.locator('.js-plotly-plot').scrollIntoViewIfNeeded();
    await shot(page, 'models-gbdt-curve');
  });

  it("lists a search's trials with their start times and draws its figure; the gate passes", async () => {
    const { page } = s;
    await runNotebook(page, 'breast-cancer-tuned', 'gate');
    const trials = page.getByTestId('output-search-trials');
    await trials.scrollIntoViewIfNeeded();
    await trials.getByTestId('table-grid').waitFor();
    expect(await trials.getByTestId('table-rowcount').textContent()).toMatch(/\b10\b/);
    expect(await trials.getByTestId('table-th-started_s').count()).toBe(1);
    await expect.poll(() => page.getByTestId('output-search-figure').locator('.js-plotly-plot').count(), { timeout: 30_000 }).toBe(1);
    await trials.scrollIntoViewIfNeeded();
    await shot(page, 'models-tuned-trials');
  });
});
