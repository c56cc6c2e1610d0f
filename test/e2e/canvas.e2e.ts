import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePipeline } from '../../shared/pipeline/parse';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { shot } from '../support/browser';
import { useAppSession } from '../support/session';

const dataFile = join(import.meta.dirname, '..', '..', 'resources', 'examples', 'workspace', 'data', 'penguins.csv');

/** Drags from the centre of one test id to the centre of another with real pointer events. */
async function drawConnection(page: Page, from: string, to: string): Promise<void> {
  const a = await page.getByTestId(from).boundingBox();
  const b = await page.getByTestId(to).boundingBox();
  if (!a || !b) throw new Error(`no box for ${a ? to : from}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Drops a palette component onto the canvas at (x, y) from the canvas's top-left. */
async function dropComponent(page: Page, key: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-item-${key}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

describe('pipeline canvas in real Chromium', () => {
  const ws = join(mkdtempSync(join(tmpdir(), 'nb-canvas-')), 'lab');
  const file = join(ws, 'pipelines', 'penguins.nodebook.yaml');
  const s = useAppSession(() => ['--workspace', ws]);
  const page = () => s.page;

  beforeAll(async () => {
    mkdirSync(join(ws, 'data'), { recursive: true });
    copyFileSync(dataFile, join(ws, 'data', 'penguins.csv'));
    await page().setViewportSize({ width: 1600, height: 900 });
    await page().goto(s.app.url);
    await page().locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  });

  it('starts from an empty state and creates a pipeline', async () => {
    await page().getByTestId('nav-pipelines').click();
    await page().getByTestId('empty-pipelines').waitFor();
    expect(await page().getByTestId('empty-example').isVisible()).toBe(true);
    await shot(page(), 'canvas-01-empty');
    await page().getByTestId('pipeline-new').click();
    await page().getByTestId('pipeline-name').fill('penguins');
    await page().getByTestId('pipeline-create').click();
    await page().getByTestId('canvas-empty').waitFor();
    await page().getByTestId('pipeline-tab-penguins').waitFor();
    expect(existsSync(file)).toBe(true);
    await shot(page(), 'canvas-02-new-pipeline');
  });

  it('drops read_csv onto the canvas and sets its path in the inspector', async () => {
    await dropComponent(page(), 'data.read_csv@1', 140, 160);
    await page().getByTestId('node-read_csv').waitFor();
    // A new node is selected, so the inspector shows its form; path is required and empty.
    await page().getByTestId('param-error-path').waitFor();
    await page().getByTestId('param-path').fill('data/penguins.csv');
    await page().getByTestId('param-error-path').waitFor({ state: 'detached' });
    await expect.poll(() => readFileSync(file, 'utf8')).toContain('path: data/penguins.csv');
    await shot(page(), 'canvas-03-read-csv');
  });

  it('adds split and profile and wires them by drawing connections', async () => {
    await dropComponent(page(), 'data.split@1', 460, 160);
    await page().getByTestId('node-split').waitFor();
    await dropComponent(page(), 'data.profile@1', 600, 420);
    await page().getByTestId('node-profile').waitFor();
    await drawConnection(page(), 'handle-read_csv-out-table', 'handle-split-in-table');
    await page().getByTestId('rf__edge-split:table').waitFor({ state: 'attached' });
    await drawConnection(page(), 'handle-split-out-train', 'handle-profile-in-table');
    await page().getByTestId('rf__edge-profile:table').waitFor({ state: 'attached' });
    await expect.poll(() => page().getByTestId('save-state').getAttribute('data-state')).toBe('saved');
    const doc = parsePipeline(readFileSync(file, 'utf8')).doc;
    expect(doc?.nodes.split?.in).toEqual({ table: 'read_csv.table' });
    expect(doc?.nodes.profile?.in).toEqual({ table: 'split.train' });
    await shot(page(), 'canvas-04-connected');
  });

  it('refuses a wrong connection and says why', async () => {
    await drawConnection(page(), 'handle-profile-out-profile', 'handle-split-in-table');
    const err = page().getByTestId('connection-error');
    await err.waitFor();
    expect(await err.textContent()).toContain('type mismatch: metrics → table');
    await shot(page(), 'canvas-05-refused');
    // The refused binding never reached the document.
    expect(parsePipeline(readFileSync(file, 'utf8')).doc?.nodes.split?.in).toEqual({ table: 'read_csv.table' });
  });

  it('undoes the last edit, and the file follows', async () => {
    await page().getByTestId('undo').click();
    await page().getByTestId('rf__edge-profile:table').waitFor({ state: 'detached' });
    await expect.poll(() => parsePipeline(readFileSync(file, 'utf8')).doc?.nodes.profile?.in).toBeUndefined();
    await expect.poll(() => page().getByTestId('save-state').getAttribute('data-state')).toBe('saved');
    await shot(page(), 'canvas-06-undone');
  });

  it('finds the pipeline as it was after a reload, and the file is canonical', async () => {
    const text = readFileSync(file, 'utf8');
    const doc = parsePipeline(text).doc;
    expect(doc).not.toBeNull();
    expect(serializePipeline(doc!)).toBe(text);
    expect(Object.keys(doc!.nodes)).toEqual(['read_csv', 'split', 'profile']);
    expect(doc!.nodes.read_csv).toEqual({ use: 'data.read_csv@1', with: { path: 'data/penguins.csv' } });
    expect(Object.keys(doc!.layout).sort()).toEqual(['profile', 'read_csv', 'split']);

    await page().reload();
    await page().getByTestId('node-profile').waitFor();
    await page().getByTestId('rf__edge-split:table').waitFor({ state: 'attached' });
    expect(await page().getByTestId('rf__edge-profile:table').count()).toBe(0);
    await shot(page(), 'canvas-07-reloaded');
  });

  it('selects, copies, pastes, deletes and lays out with the keyboard', async () => {
    await page().getByTestId('node-split').click();
    await page().keyboard.press('Control+c');
    await page().keyboard.press('Control+v');
    await page().getByTestId('node-split_2').waitFor();
    await page().keyboard.press('Delete');
    await page().getByTestId('node-split_2').waitFor({ state: 'detached' });
    // Clicking a palette item adds it after the selected node, wired to its main output.
    await page().getByTestId('node-split').click();
    await page().getByTestId('palette-item-data.sample@1').click();
    await page().getByTestId('rf__edge-sample:table').waitFor({ state: 'attached' });
    await page().keyboard.press('Control+z');
    await page().getByTestId('node-sample').waitFor({ state: 'detached' });
    await page().getByTestId('auto-layout').click();
    await page().keyboard.press('?');
    await page().getByTestId('shortcuts-help').waitFor();
    await shot(page(), 'canvas-08-help');
    await page().keyboard.press('Escape');
    await page().getByTestId('shortcuts-help').waitFor({ state: 'detached' });
  });

  it('adds named inputs to a SQL node through its "+" port', async () => {
    await page().getByTestId('node-split').click();
    await page().getByTestId('palette-item-data.sql@1').click();
    await page().getByTestId('rf__edge-sql:split').waitFor({ state: 'attached' });
    await page().keyboard.press('f'); // the new node may have panned the view: show everything
    await drawConnection(page(), 'handle-read_csv-out-table', 'handle-sql-in-new');
    await page().getByTestId('rf__edge-sql:read_csv').waitFor({ state: 'attached' });
    await page().getByTestId('param-query').fill('SELECT * FROM split JOIN read_csv USING (species)');
    await expect.poll(() => parsePipeline(readFileSync(file, 'utf8')).doc?.nodes.sql?.in).toEqual({ split: 'split.train', read_csv: 'read_csv.table' });
    await shot(page(), 'canvas-09-dynamic-inputs');
    await page().getByTestId('node-sql').click();
    await page().keyboard.press('Delete');
    await page().getByTestId('node-sql').waitFor({ state: 'detached' });
  });

  it('reloads the pipeline when its file changes on disk, keeping the selection', async () => {
    await page().getByTestId('node-read_csv').click();
    await expect.poll(() => page().getByTestId('save-state').getAttribute('data-state')).toBe('saved');
    const doc = parsePipeline(readFileSync(file, 'utf8')).doc!;
    doc.nodes.profile = { use: 'data.profile@1', in: { table: 'split.test' }, with: { bins: 7 } };
    writeFileSync(file, serializePipeline(doc)); // as a text editor or `git checkout` would
    await page().getByTestId('rf__edge-profile:table').waitFor({ state: 'attached' });
    expect(await page().getByTestId('node-id-input').inputValue()).toBe('read_csv');
    await shot(page(), 'canvas-10-reloaded-from-disk');
  });

  it('shows a conflict instead of overwriting a file changed under unsaved edits', async () => {
    await page().getByTestId('node-profile').click();
    await page().getByTestId('param-bins').fill('9');
    const doc = parsePipeline(readFileSync(file, 'utf8')).doc!;
    doc.nodes.profile = { ...doc.nodes.profile!, with: { bins: 11 } };
    writeFileSync(file, serializePipeline(doc));
    await page().getByTestId('save-conflict').waitFor();
    expect(readFileSync(file, 'utf8')).toContain('bins: 11');
    await shot(page(), 'canvas-11-conflict');
    await page().getByTestId('conflict-use-disk').click();
    await page().getByTestId('save-conflict').waitFor({ state: 'detached' });
    await expect.poll(() => page().getByTestId('param-bins').inputValue()).toBe('11');
  });

  it('keeps an edit made just before the window reloads', async () => {
    await page().getByTestId('node-profile').click();
    await page().getByTestId('param-bins').fill('13');
    await page().reload();
    await page().getByTestId('node-profile').waitFor();
    await expect.poll(() => parsePipeline(readFileSync(file, 'utf8')).doc?.nodes.profile?.with).toEqual({ bins: 13 });
  });

  it('lists, duplicates, renames and deletes pipelines, and starts one from the example', async () => {
    await page().getByTestId('pipeline-tab-list').click();
    await page().getByTestId('pipeline-row-penguins').waitFor();
    await page().getByTestId('duplicate-penguins').click();
    await page().getByTestId('pipeline-row-penguins-copy').waitFor();
    await page().getByTestId('rename-penguins-copy').click();
    await page().getByTestId('rename-input').fill('penguins2');
    await page().getByTestId('rename-confirm').click();
    await page().getByTestId('pipeline-row-penguins2').waitFor();
    expect(parsePipeline(readFileSync(join(ws, 'pipelines', 'penguins2.nodebook.yaml'), 'utf8')).doc?.name).toBe('penguins2');
    await shot(page(), 'canvas-12-list');
    await page().getByTestId('delete-penguins2').click();
    await page().getByTestId('delete-confirm-penguins2').click();
    await page().getByTestId('pipeline-row-penguins2').waitFor({ state: 'detached' });
    expect(existsSync(join(ws, 'pipelines', 'penguins2.nodebook.yaml'))).toBe(false);

    await page().getByTestId('pipeline-new').click();
    await page().getByTestId('pipeline-name').fill('example');
    await page().getByTestId('pipeline-template').selectOption('example');
    await page().getByTestId('pipeline-create').click();
    await page().getByTestId('pipeline-tab-example').waitFor();
    await page().getByTestId('node-source').waitFor();
    await page().getByTestId('rf__edge-profile:table').waitFor({ state: 'attached' });
    await page().emulateMedia({ colorScheme: 'dark' });
    await shot(page(), 'canvas-13-example-dark');
    await page().emulateMedia({ colorScheme: 'light' });
  });

  it('runs the example and shows each node state and duration on the canvas', async () => {
    await page().getByTestId('run-all').click();
    await expect.poll(() => page().getByTestId('node-profile').getAttribute('data-state'), { timeout: 60_000 }).toMatch(/^(done|cached)$/);
    expect(await page().getByTestId('node-source').getAttribute('data-state')).toMatch(/^(done|cached)$/);
    expect(await page().getByTestId('node-profile').getByTestId('node-state').textContent()).toMatch(/(done|cached) · \d/);
    await shot(page(), 'canvas-14-ran');
    // An edit makes the node and everything downstream stale, not what is upstream.
    await page().getByTestId('node-split').click();
    // Once the upstream table exists, column params suggest its columns.
    await page().getByTestId('param-stratify-options').locator('option[value="species"]').waitFor({ state: 'attached' });
    await page().getByTestId('param-seed').fill('7');
    await expect.poll(() => page().getByTestId('node-profile').getAttribute('data-state')).toBe('stale');
    expect(await page().getByTestId('node-split').getAttribute('data-state')).toBe('stale');
    expect(await page().getByTestId('node-source').getAttribute('data-state')).toMatch(/^(done|cached)$/);
    await shot(page(), 'canvas-15-stale');
  });
});
