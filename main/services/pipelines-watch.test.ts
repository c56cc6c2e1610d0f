import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../workspace/workspace';
import { createPipelinesWatcher } from './pipelines-watch';

function fakeWorkspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'nb-watch-'));
  mkdirSync(join(root, 'pipelines'));
  // Only root and paths.pipelines are read by the watcher.
  return { root, paths: { pipelines: join(root, 'pipelines') } } as unknown as Workspace;
}

describe('pipelines watcher', () => {
  it('reports a changed pipeline file once per burst, by workspace-relative path, and ignores temp files', async () => {
    const ws = fakeWorkspace();
    const seen: string[] = [];
    const w = createPipelinesWatcher((p) => seen.push(p), 50);
    w.ensure(ws, () => ws.root);
    const changed = new Promise<void>((resolve) => {
      const t = setInterval(() => seen.length > 0 && (clearInterval(t), resolve()), 10);
    });
    writeFileSync(join(ws.paths.pipelines, '.a.nodebook.yaml.123.tmp'), 'x');
    writeFileSync(join(ws.paths.pipelines, 'a.nodebook.yaml'), 'nodebook: 1\n');
    writeFileSync(join(ws.paths.pipelines, 'a.nodebook.yaml'), 'nodebook: 1\nname: a\n');
    await changed;
    await new Promise((r) => setTimeout(r, 120));
    w.close();
    expect(seen).toEqual(['pipelines/a.nodebook.yaml']);
  });

  it('stays quiet once its workspace is no longer open', async () => {
    const ws = fakeWorkspace();
    const seen: string[] = [];
    const w = createPipelinesWatcher((p) => seen.push(p), 20);
    w.ensure(ws, () => null);
    writeFileSync(join(ws.paths.pipelines, 'b.nodebook.yaml'), 'nodebook: 1\n');
    await new Promise((r) => setTimeout(r, 150));
    w.close();
    expect(seen).toEqual([]);
  });
});
