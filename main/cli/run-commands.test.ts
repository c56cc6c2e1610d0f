import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LineageGraph } from '../../shared/contracts/runs.contract';
import { renderTree } from './lineage.command';
import { runCommand, summaryJson } from './run.command';
import { findWorkspaceDir } from './workspace-arg';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'nb-cli-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli helpers', () => {
  it('finds the workspace above a pipeline file, else uses the given or current folder', () => {
    mkdirSync(join(dir, 'ws', 'pipelines', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'ws', 'pipelines', 'sub', 'p.nodebook.yaml'), '');
    expect(findWorkspaceDir(undefined, join(dir, 'ws', 'pipelines', 'sub', 'p.nodebook.yaml'))).toBe(join(dir, 'ws'));
    expect(findWorkspaceDir('/somewhere/else', join(dir, 'ws', 'pipelines', 'p.yaml'))).toBe('/somewhere/else');
    expect(findWorkspaceDir(undefined)).toBe(process.cwd());
  });

  it('prints the --json summary line in the documented shape', () => {
    const line = summaryJson({
      runId: 'run_1',
      status: 'failed',
      nodes: {
        a: { state: 'cached', outputs: { table: { artifact: 'art_1', sha256: 'ab' } } },
        b: { state: 'failed', outputs: {}, error: { name: 'UserError', code: 'x', message: 'bad' } },
      },
    });
    expect(JSON.parse(line)).toEqual({
      run: 'run_1',
      status: 'failed',
      nodes: { a: { state: 'cached', outputs: { table: { artifact: 'art_1', sha256: 'ab' } } }, b: { state: 'failed', outputs: {}, error: { name: 'UserError', code: 'x', message: 'bad' } } },
    });
  });

  it('renders lineage as a tree, each shared artifact once', () => {
    const art = (id: string, type = 'table') => ({ id, type, uri: '', sha256: `${id}000000000000`, size: 1, properties: {}, createdAt: '' });
    const x = (id: string, nodeId: string, inputs: Record<string, string>, outputs: Record<string, string>) => ({
      id, runId: 'r', nodeId, component: `${nodeId}@1`, params: {}, code: null, state: 'done' as const, cacheKey: null,
      startedAt: '', endedAt: null, durationMs: null, host: 'h', pid: null, error: null, inputs, outputs,
    });
    const graph: LineageGraph = {
      root: 'm',
      artifacts: [art('m', 'model'), art('t'), art('src', 'source')],
      executions: [x('x1', 'train', { a: 't', b: 't' }, { model: 'm' }), x('x0', 'read', { 'with.path': 'src' }, { table: 't' })],
    };
    const lines = renderTree(graph, 'up');
    expect(lines[0]).toMatch(/^m \(model/);
    expect(lines[1]).toBe('  <- train [train@1] done in run r');
    expect(lines.filter((l) => l.includes('<- read')).length).toBe(1);
    expect(lines).toContain('      (shown above)');
  });

  it('exits 2 with the usage on bad arguments', async () => {
    expect(await runCommand([])).toBe(2);
    expect(await runCommand(['a.yaml', '--bogus'])).toBe(2);
    expect(await runCommand([join(dir, 'missing.yaml'), '--workspace', join(dir, 'nope')])).toBe(2);
  });
});
