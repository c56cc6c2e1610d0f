import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shot } from '../support/browser';
import { useAppSession } from '../support/session';

describe('welcome screen and workspace errors', () => {
  const base = mkdtempSync(join(tmpdir(), 'nb-welcome-'));

  const s = useAppSession();
  beforeAll(async () => {
    await s.page.goto(s.app.url);
    await s.page.getByTestId('welcome').waitFor();
  });

  it('offers open, create, the example and an empty recent list', async () => {
    expect(await s.page.getByTestId('recent-empty').isVisible()).toBe(true);
    await shot(s.page, 'welcome');
  });

  it('names the folder when it is not a workspace, and stays usable', async () => {
    await s.page.getByTestId('open-path').fill(join(base, 'nothing-here'));
    await s.page.getByTestId('open-submit').click();
    const err = s.page.getByTestId('error-box');
    await err.waitFor();
    expect(await err.textContent()).toContain(join(base, 'nothing-here'));
    await shot(s.page, 'welcome-error');
  });

  it('reports a corrupt nodebook.db clearly and still opens other workspaces', async () => {
    const broken = join(base, 'broken');
    mkdirSync(join(broken, '.nodebook'), { recursive: true });
    writeFileSync(join(broken, 'nodebook.yaml'), 'nodebook: 1\nname: broken\n');
    writeFileSync(join(broken, '.nodebook', 'nodebook.db'), 'this is not sqlite at all, just text that got here somehow');
    await s.page.getByTestId('open-path').fill(broken);
    await s.page.getByTestId('open-submit').click();
    await expect.poll(() => s.page.getByTestId('error-box').textContent()).toContain('is not a SQLite database');
    expect(await s.page.getByTestId('welcome').isVisible()).toBe(true);

    const fresh = join(base, 'fresh');
    await s.page.getByTestId('create-path').fill(fresh);
    await s.page.getByTestId('create-submit').click();
    await s.page.getByTestId('section-pipelines').waitFor();
    expect(existsSync(join(fresh, 'nodebook.yaml'))).toBe(true);
    expect(existsSync(join(fresh, '.nodebook', 'nodebook.db'))).toBe(true);
    await expect.poll(() => s.page.title()).toBe('fresh — Nodebook');
  });

  it('reports a read-only folder as not writable', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; covered by the unit test's permission check message
    const ro = join(base, 'readonly');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    await s.page.getByTestId('close-workspace').click();
    await s.page.getByTestId('create-path').fill(ro);
    await s.page.getByTestId('create-submit').click();
    await expect.poll(() => s.page.getByTestId('error-box').textContent()).toContain('not writable');
  });

  it('remembers recent workspaces and reopens one', async () => {
    if (await s.page.getByTestId('close-workspace').isVisible()) await s.page.getByTestId('close-workspace').click();
    await s.page.getByTestId('welcome').waitFor();
    await s.page.getByTestId('recent-open').first().click();
    await s.page.getByTestId('section-pipelines').waitFor();
    expect(await s.page.getByTestId('status-workspace').textContent()).toContain(join(base, 'fresh'));
  });
});
