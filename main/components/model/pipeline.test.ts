import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../../engine/component';
import { runPipeline } from '../../engine/executor';
import { mlFixture } from '../../ml/test-fixtures';
import { initWorkspace, openWorkspace, writeSettings, type Workspace } from '../../workspace/workspace';
import { dataComponents } from '../data/index';
import { modelComponents } from './index';

const modules = [fileURLToPath(new URL('../data/index.ts', import.meta.url)), fileURLToPath(new URL('./index.ts', import.meta.url))];
let dir: string;
let ws: Workspace;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-model-pipeline-'));
  initWorkspace(dir);
  writeSettings(join(dir, 'nodebook.yaml'), { nodebook: 1, name: 't', python: 'python3', concurrency: 2 });
  mkdirSync(join(dir, 'data'), { recursive: true });
  copyFileSync(mlFixture('penguins.csv'), join(dir, 'data', 'penguins.csv'));
  ws = openWorkspace(dir);
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

const PIPELINE = `nodebook: 1
name: penguins
nodes:
  read: { use: data.read_csv@1, with: { path: data/penguins.csv } }
  split: { use: data.split@1, in: { table: read.table }, with: { fractions: { train: 0.75, test: 0.25 }, stratify: species } }
  train: { use: train.logistic@1, in: { train: split.train }, with: { target: species } }
  eval: { use: model.evaluate@1, in: { model: train.model, table: split.test }, with: { sliceBy: island, latencyRows: 5 } }
  gate: { use: model.gate@1, in: { metrics: eval.metrics }, with: { checks: [{ metric: accuracy, op: ">=", value: 0.95 }] } }
  strict: { use: model.gate@1, in: { metrics: eval.metrics }, with: { checks: [{ metric: accuracy, op: ">", value: 1 }, { metric: roc_auc, op: ">=", value: 0.9 }] } }
  after: { use: model.gate@1, in: { metrics: strict.report }, with: { checks: [{ metric: checks.0.expected, op: ">=", value: 0 }] } }
`;

describe('model components in a pipeline (real workers)', () => {
  it('trains, evaluates and gates; a failed gate skips what is downstream and carries its report', async () => {
    writeFileSync(join(dir, 'pipelines', 'p.nodebook.yaml'), PIPELINE);
    const registry = new ComponentRegistry([...dataComponents, ...modelComponents]);
    const summary = await runPipeline({ workspace: ws, registry, pipelinePath: 'pipelines/p.nodebook.yaml', trigger: 'api', componentModules: modules, onEvent: () => undefined });
    const states = Object.fromEntries(Object.entries(summary.nodes).map(([id, n]) => [id, n.state]));
    expect(states).toEqual({ read: 'done', split: 'done', train: 'done', eval: 'done', gate: 'done', strict: 'failed', after: 'skipped' });
    const metrics = summary.nodes.eval?.outputs.metrics?.sha256 ?? '';
    const json = JSON.parse(readFileSync(join(ws.paths.artifacts, metrics.slice(0, 2), metrics), 'utf8')) as { metrics: Record<string, number> };
    expect(json.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    const error = summary.nodes.strict?.error;
    expect(error?.name).toBe('UserError');
    expect(error?.message).toContain('FAIL accuracy');
    expect(error?.message).toContain('PASS roc_auc');
    expect(error?.details).toMatchObject({ passed: false, checks: [{ metric: 'accuracy', passed: false }, { metric: 'roc_auc', passed: true }] });
  }, 60_000);
});
