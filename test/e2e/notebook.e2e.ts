import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../shared/pipeline/document';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { shot } from '../support/browser';
import { useAppSession } from '../support/session';

const DATA = join(import.meta.dirname, '..', '..', 'resources', 'examples', 'workspace', 'data', 'penguins.csv');
const PIPELINE = 'pipelines/penguins.nodebook.yaml';

function makeWorkspace(): string {
  const ws = join(mkdtempSync(join(tmpdir(), 'nb-notebook-')), 'lab');
  mkdirSync(join(ws, 'data'), { recursive: true });
  mkdirSync(join(ws, 'pipelines'), { recursive: true });
  copyFileSync(DATA, join(ws, 'data', 'penguins.csv'));
  const doc: PipelineDocument = {
    nodebook: 1,
    name: 'penguins',
    params: {},
    nodes: {
      intro: { use: 'note@1', text: '## Penguins\n\nRead, **split** and profile. <b>raw html stays text</b>' },
      penguins: { use: 'data.read_csv@1', with: { path: 'data/penguins.csv' } },
      split: { use: 'data.split@1', in: { table: 'penguins.table' }, with: { fractions: { train: 0.7, test: 0.3 }, seed: 42 } },
      profile: { use: 'data.profile@1', in: { table: 'split.train' } },
      check: {
        use: 'data.validate@1',
        in: { table: 'split.train' },
        with: {
          expectations: [
            { kind: 'range', column: 'bill_length_mm', min: 30, max: 60 },
            { kind: 'nulls', column: 'sex', maxFraction: 0 },
            { kind: 'allowed', column: 'species', values: ['Adelie', 'Gentoo', 'Chinstrap'] },
          ],
        },
      },
    },
    layout: { penguins: [0, 0], split: [280, 0], profile: [560, 0] },
  };
  writeFileSync(join(ws, PIPELINE), serializePipeline(doc));
  return ws;
}

const cellIds = (page: Page) => page.locator('[data-testid^="cell-"][data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')?.slice(5)));
const cellState = (page: Page, id: string) => page.getByTestId(`cell-${id}`).getAttribute('data-state');
const rowCount = async (page: Page, output: string): Promise<number> => {
  const text = (await page.getByTestId(output).getByTestId('table-rowcount').textContent()) ?? '';
  return Number(text.replace(/,/g, '').split(' ')[0]);
};

/** Types into a cell's Monaco editor at the end of its text. */
async function typeAtEnd(page: Page, cell: string, text: string): Promise<void> {
  // Editors are created as their cells come near the viewport.
  await page.getByTestId(`code-${cell}`).scrollIntoViewIfNeeded();
  await page.getByTestId(`code-${cell}`).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('notebook view: cells, runs, inline outputs', () => {
  const ws = makeWorkspace();
  const s = useAppSession(() => ['--workspace', ws]);
  const fileText = () => readFileSync(join(ws, PIPELINE), 'utf8');

  const consoleErrors: string[] = [];

  it('opens the pipeline as notebook cells in topological order', async () => {
    const { page } = s;
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(s.app.url);
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('open-penguins').click();
    await page.getByTestId('view-notebook').click();
    await page.getByTestId('notebook').waitFor();
    expect(await cellIds(page)).toEqual(['intro', 'penguins', 'split', 'profile', 'check']);
    // The note renders Markdown, and its raw HTML as text.
    expect(await page.getByTestId('note-view-intro').locator('h2').textContent()).toBe('Penguins');
    expect(await page.getByTestId('note-view-intro').locator('b').count()).toBe(0);
    expect(await page.getByTestId('note-view-intro').textContent()).toContain('<b>raw html stays text</b>');
    // Built-ins are parameter forms.
    await page.getByTestId('params-penguins').getByTestId('param-path').waitFor();
    await shot(page, 'notebook-open');
    // Cells move where the graph allows: the note is free, the split must stay below what it reads.
    expect(await page.getByTestId('cell-up-split').isDisabled()).toBe(true);
    await page.getByTestId('cell-down-intro').click();
    await expect.poll(() => cellIds(page)).toEqual(['penguins', 'intro', 'split', 'profile', 'check']);
    await page.getByTestId('cell-up-intro').click();
    await expect.poll(() => cellIds(page)).toEqual(['intro', 'penguins', 'split', 'profile', 'check']);
    expect(await page.getByTestId('cell-up-intro').isDisabled()).toBe(true);
  });

  it('runs all and shows the split table and the profile histograms inline', async () => {
    const { page } = s;
    await page.getByTestId('run-all').click();
    await expect.poll(() => cellState(page, 'profile'), { timeout: 60_000 }).toBe('done');
    expect(await cellState(page, 'split')).toBe('done');
    const train = page.getByTestId('output-split-train');
    await train.getByTestId('table-grid').waitFor();
    const trainRows = await rowCount(page, 'output-split-train');
    expect(trainRows).toBeGreaterThan(200);
    expect(trainRows).toBeLessThan(344);
    expect(await train.getByTestId('table-th-species').textContent()).toContain('VARCHAR');
    await expect.poll(() => train.locator('[data-testid="table-row"][data-index="0"]').textContent()).toMatch(/Adelie|Gentoo|Chinstrap/);
    // Rows arrive a page (200) at a time: scrolling to the end fetches the second page.
    await train.locator('.table-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => train.locator(`[data-testid="table-row"][data-index="${trainRows - 1}"]`).textContent()).toMatch(/Adelie|Gentoo|Chinstrap/);
    await train.locator('.table-scroll').evaluate((el) => el.scrollTo(0, 0));
    // Sorting orders the loaded page and says so.
    await train.getByTestId('table-th-body_mass_g').click();
    await train.getByTestId('table-sorted').waitFor();
    // The profile's figures are drawn by Plotly.
    await expect.poll(() => page.getByTestId('output-profile-figures').locator('.js-plotly-plot').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    expect(await page.getByTestId('output-profile-profile').getByTestId('profile-table').textContent()).toContain('bill_length_mm');
    await shot(page, 'notebook-ran-split');
    await page.getByTestId('output-profile-figures').scrollIntoViewIfNeeded();
    await shot(page, 'notebook-ran-profile');
    // The failed validation shows its report, the failed check first and highlighted.
    expect(await cellState(page, 'check')).toBe('failed');
    const report = page.getByTestId('cell-check').getByTestId('validation-report');
    expect(await report.getByTestId('check-failed').count()).toBe(1);
    expect(await report.getByTestId('check-failed').textContent()).toContain('nulls(sex)');
    expect(await report.getByTestId('check-passed').count()).toBe(2);
    await report.scrollIntoViewIfNeeded();
    await shot(page, 'notebook-validation-failed');
  });

  it('adds a Python cell below the split, runs it, and shows its table', async () => {
    const { page } = s;
    await page.getByTestId('add-cell-split').click();
    await page.getByTestId('add-cell-option-code.python@1').click();
    const cell = page.getByTestId('cell-python');
    await cell.waitFor();
    // Right below the split, wired to its main output under the port's name.
    await expect.poll(() => cellIds(page)).toEqual(['intro', 'penguins', 'split', 'python', 'profile', 'check']);
    expect(await page.getByTestId('input-bind-python-train').inputValue()).toBe('split.train');
    await page.getByTestId('code-python').scrollIntoViewIfNeeded();
    await page.getByTestId('code-python').locator('.view-lines').waitFor();
    await typeAtEnd(page, 'python', 'df = train.dropna()');
    await page.getByTestId('out-name-python').fill('df');
    await page.getByTestId('out-add-python').click();
    await page.getByTestId('out-python-df').waitFor();
    await expect.poll(fileText).toContain('df = train.dropna()');
    expect(fileText()).toContain('in: { train: split.train }');

    await page.getByTestId('cell-run-python').click();
    await expect.poll(() => cellState(page, 'python'), { timeout: 60_000 }).toBe('done');
    await page.getByTestId('output-python-df').getByTestId('table-grid').waitFor();
    const kept = await rowCount(page, 'output-python-df');
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(await rowCount(page, 'output-split-train'));
    await shot(page, 'notebook-python-cell');
  });

  it('marks an edited cell and its downstream stale, then re-runs with the upstream cached', async () => {
    const { page } = s;
    // A profile of the cleaned rows, below the Python cell, gives it something downstream.
    await page.getByTestId('add-cell-python').click();
    await page.getByTestId('add-cell-menu-python').getByRole('searchbox').fill('profile');
    await page.getByTestId('add-cell-item-data.profile@1').click();
    await page.getByTestId('cell-profile_2').waitFor();
    expect(await page.getByTestId('input-bind-profile_2-table').inputValue()).toBe('python.df');
    await page.getByTestId('cell-run-profile_2').click();
    await expect.poll(() => cellState(page, 'profile_2'), { timeout: 60_000 }).toBe('done');
    expect(await cellState(page, 'python')).toBe('cached');

    await typeAtEnd(page, 'python', '.head(150)');
    await expect.poll(() => cellState(page, 'python')).toBe('stale');
    expect(await cellState(page, 'profile_2')).toBe('stale');
    expect(await cellState(page, 'split')).not.toBe('stale');
    expect(await cellState(page, 'profile')).not.toBe('stale');
    await page.getByTestId('cell-python').scrollIntoViewIfNeeded();
    await shot(page, 'notebook-stale');

    await page.getByTestId('run-stale').click();
    await expect.poll(() => cellState(page, 'profile_2'), { timeout: 60_000 }).toBe('done');
    expect(await cellState(page, 'python')).toBe('done');
    expect(await cellState(page, 'split')).toBe('cached');
    expect(await cellState(page, 'penguins')).toBe('cached');
    await expect.poll(() => rowCount(page, 'output-python-df')).toBe(150);
    expect(fileText()).toContain('df = train.dropna().head(150)');
    await page.getByTestId('cell-penguins').scrollIntoViewIfNeeded();
    await shot(page, 'notebook-rerun-cached');
  });

  it('shows a cell error with its traceback', async () => {
    const { page } = s;
    await typeAtEnd(page, 'python', '\nprint("about to fail")\nundefined_name + 1');
    await page.getByTestId('run-stale').click();
    await expect.poll(() => cellState(page, 'python'), { timeout: 60_000 }).toBe('failed');
    const error = page.getByTestId('cell-python').getByTestId('node-error');
    expect(await error.textContent()).toContain('NameError');
    expect(await error.getByTestId('traceback').textContent()).toContain('<cell python>');
    expect(await page.getByTestId('cell-python').getByTestId('log-view').textContent()).toContain('about to fail');
    // Downstream of the failure: skipped, and still stale (it has not run with the edited code).
    expect(await cellState(page, 'profile_2')).toBe('stale');
    expect(await page.getByTestId('cell-profile_2').getByTestId('node-skipped').textContent()).toContain('python');
    await page.getByTestId('cell-python').getByTestId('node-error').scrollIntoViewIfNeeded();
    await shot(page, 'notebook-error');
    // Back to working code for the reload check.
    await page.getByTestId('code-python').scrollIntoViewIfNeeded();
    await page.getByTestId('code-python').locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('df = train.dropna().head(150)');
    await expect.poll(fileText).not.toContain('undefined_name');
    expect(fileText()).toContain('df = train.dropna().head(150)');
    await page.getByTestId('run-stale').click();
    await expect.poll(() => cellState(page, 'profile_2'), { timeout: 60_000 }).toMatch(/done|cached/);
  });

  it('finds code and outputs as they were after a reload', async () => {
    const { page } = s;
    await page.reload();
    await page.getByTestId('section-pipelines').waitFor();
    await page.getByTestId('pipeline-editor').waitFor();
    if ((await page.getByTestId('notebook').count()) === 0) await page.getByTestId('view-notebook').click();
    await page.getByTestId('cell-python').waitFor();
    // Monaco draws spaces as no-break spaces; its editor is created when the cell comes near the viewport.
    await page.getByTestId('code-python').scrollIntoViewIfNeeded();
    await expect.poll(async () => ((await page.getByTestId('code-python').locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ')).toContain('df = train.dropna().head(150)');
    await page.getByTestId('output-python-df').getByTestId('table-grid').waitFor();
    expect(await rowCount(page, 'output-python-df')).toBe(150);
    await page.getByTestId('output-split-train').getByTestId('table-grid').waitFor();
    await expect.poll(() => page.getByTestId('output-profile-figures').locator('.js-plotly-plot').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    expect(await cellState(page, 'python')).toMatch(/done|cached/);
    await page.getByTestId('cell-python').scrollIntoViewIfNeeded();
    await shot(page, 'notebook-after-reload');
  });

  it('follows the dark theme in Monaco and in the figures', async () => {
    const { page } = s;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-theme').selectOption('dark');
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('cell-python').waitFor();
    await page.getByTestId('code-python').scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('code-python').locator('.monaco-editor').getAttribute('class')).toContain('vs-dark');
    await page.getByTestId('cell-python').scrollIntoViewIfNeeded();
    await shot(page, 'notebook-dark');
    await page.getByTestId('output-profile-figures').scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('output-profile-figures').locator('.js-plotly-plot').count()).toBeGreaterThan(3);
    await shot(page, 'notebook-dark-figures');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-theme').selectOption('system');
  });

  it('cancels a running cell', async () => {
    const { page } = s;
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('add-cell-end').click();
    await page.getByTestId('add-cell-option-code.python@1').click();
    await page.getByTestId('code-python_2').scrollIntoViewIfNeeded();
    await page.getByTestId('code-python_2').locator('.view-lines').waitFor();
    await typeAtEnd(page, 'python_2', 'import time\nprint("sleeping")\ntime.sleep(60)');
    await expect.poll(fileText).toContain('time.sleep(60)');
    await page.getByTestId('cell-run-python_2').click();
    await expect.poll(() => page.getByTestId('cell-python_2').getByTestId('log-view').textContent(), { timeout: 30_000 }).toContain('sleeping');
    expect(await cellState(page, 'python_2')).toBe('running');
    await page.getByTestId('run-cancel').click();
    // Not run to the end: back to its state before the run (stale, as a new cell).
    await expect.poll(() => cellState(page, 'python_2'), { timeout: 15_000 }).toBe('stale');
    expect(await page.getByTestId('cell-python_2').getByTestId('node-cancelled').textContent()).toContain('cancelled');
    expect(await page.getByTestId('run-all').isDisabled()).toBe(false);
    await page.getByTestId('cell-python_2').scrollIntoViewIfNeeded();
    await shot(page, 'notebook-cancelled');
  });

  it('met no Content-Security-Policy refusal (Monaco, its worker, Plotly) and no other console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
