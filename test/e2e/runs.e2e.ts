import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shot } from '../support/browser';
import { useAppSession } from '../support/session';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'main', 'cli.js');

describe('example workspace, runs and lineage in the UI', () => {
  const target = join(mkdtempSync(join(tmpdir(), 'nb-runs-')), 'example');

  const s = useAppSession();

  it('copies and opens the example workspace from the welcome screen', async () => {
    await s.page.goto(s.app.url);
    await s.page.getByTestId('example-path').fill(target);
    await s.page.getByTestId('example-submit').click();
    await s.page.getByTestId('section-pipelines').waitFor();
    expect(existsSync(join(target, 'pipelines', 'penguins-explore.nodebook.yaml'))).toBe(true);
    expect(existsSync(join(target, 'data', 'penguins.csv'))).toBe(true);
    await expect.poll(() => s.page.title()).toBe('example — Nodebook');
  });

  it('shows a CLI run with its steps, and an output lineage back to the CSV', async () => {
    await s.page.getByTestId('nav-runs').click();
    await s.page.getByTestId('empty-runs').waitFor();
    const out = execFileSync(process.execPath, [cli, 'run', 'pipelines/breast-cancer-data.nodebook.yaml', '--json'], { cwd: target, encoding: 'utf8' });
    const summary: { run: string; status: string } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
    expect(summary.status).toBe('succeeded');
    // The UI's backend did not run it, so reload the section to list it.
    await s.page.getByTestId('nav-pipelines').click();
    await s.page.getByTestId('nav-runs').click();
    await s.page.getByTestId(`run-row-${summary.run}`).click();
    await s.page.getByTestId('run-detail').waitFor();
    expect(await s.page.getByTestId('run-step-split').textContent()).toContain('done');
    await s.page.getByTestId('lineage-split-train').click();
    const lineage = s.page.getByTestId('lineage-panel');
    await lineage.waitFor();
    expect(await lineage.textContent()).toContain('data/breast_cancer.csv');
    await shot(s.page, 'runs-detail-lineage');
  });
});
