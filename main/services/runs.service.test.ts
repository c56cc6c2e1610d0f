import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/contracts/runs.contract';
import { runsContract } from '../../shared/contracts/runs.contract';
import { UserError } from '../../shared/errors';
import { createRegistry } from '../components/index';
import { createRun } from '../engine/lineage';
import { testComponents } from '../engine/fixtures/test-components';
import { Router } from '../rpc/router';
import { registerService } from '../rpc/service';
import { initWorkspace, openWorkspace, type Workspace } from '../workspace/workspace';
import { createRunsService } from './runs.service';

const fixtures = fileURLToPath(new URL('../engine/fixtures/test-components.ts', import.meta.url));
let dir: string;
let ws: Workspace;
let events: RunEvent[];
let router: Router;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-runs-svc-'));
  initWorkspace(dir);
  copyFileSync(join(import.meta.dirname, '..', '..', 'resources', 'examples', 'workspace', 'data', 'penguins.csv'), join(dir, 'data', 'penguins.csv'));
  ws = openWorkspace(dir);
  events = [];
  router = new Router();
  router.register(
    registerService(
      runsContract,
      createRunsService({ workspace: () => ws, registry: createRegistry(testComponents), emit: (e) => events.push(e), componentModules: [fixtures] }),
    ),
  );
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, args: unknown) => {
  const out = await router.call('runs', method, args, { transport: 'test' });
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.result;
};
const finished = (runId: string) =>
  expect.poll(() => events.find((e) => e.type === 'runFinished' && e.runId === runId), { timeout: 30_000, interval: 50 }).toBeDefined();

describe('runs service', () => {
  it('starts a run, streams events, and serves the run, its lineage and a page of a table artifact', async () => {
    writeFileSync(join(dir, 'pipelines', 'p.nodebook.yaml'), 'nodebook: 1\nname: p\nnodes:\n  penguins: { use: data.read_csv@1, with: { path: data/penguins.csv } }\n');
    const { runId } = (await call('start', { pipeline: 'pipelines/p.nodebook.yaml' })) as { runId: string };
    await finished(runId);
    expect(events.map((e) => e.type)).toEqual(['runStarted', 'nodeQueued', 'nodeStarted', 'nodeLog', 'nodeFinished', 'runFinished']);
    expect(events.every((e) => e.runId === runId)).toBe(true);

    const list = (await call('list', {})) as { id: string; status: string }[];
    expect(list).toMatchObject([{ id: runId, status: 'succeeded' }]);
    const run = (await call('get', { runId })) as { executions: { outputs: Record<string, string> }[] };
    const artifactId = run.executions[0]!.outputs.table!;

    const preview = (await call('artifactPreview', { artifactId, offset: 340, limit: 10 })) as {
      kind: string;
      rowCount: number;
      rows: Record<string, unknown>[];
      schema: { name: string }[];
    };
    expect(preview.kind).toBe('table');
    expect(preview.rowCount).toBe(344);
    expect(preview.rows).toHaveLength(4); // the last page only
    expect(preview.schema.map((c) => c.name)).toContain('species');

    const lineage = (await call('lineage', { artifactId })) as { upstream: { executions: { nodeId: string }[] }; downstream: { executions: unknown[] } };
    expect(lineage.upstream.executions.map((x) => x.nodeId)).toEqual(['penguins']);
    expect(lineage.downstream.executions).toEqual([]);
  });

  it('previews a JSON artifact as its value', async () => {
    writeFileSync(join(dir, 'pipelines', 'v.nodebook.yaml'), 'nodebook: 1\nname: v\nnodes:\n  c: { use: test.constant@1, with: { value: { answer: [1, 2] } } }\n');
    const { runId } = (await call('start', { pipeline: 'pipelines/v.nodebook.yaml' })) as { runId: string };
    await finished(runId);
    const run = (await call('get', { runId })) as { executions: { outputs: Record<string, string> }[] };
    expect(await call('artifactPreview', { artifactId: run.executions[0]!.outputs.value! })).toMatchObject({ kind: 'json', value: { answer: [1, 2] } });
  });

  it('refuses an invalid pipeline at start, and cancels a running one', async () => {
    writeFileSync(join(dir, 'pipelines', 'bad.nodebook.yaml'), 'nodebook: 1\nname: bad\nnodes:\n  x: { use: nope@1 }\n');
    const bad = await router.call('runs', 'start', { pipeline: 'pipelines/bad.nodebook.yaml' }, { transport: 'test' });
    expect(bad).toMatchObject({ ok: false, error: { name: 'UserError', code: 'invalid_pipeline' } });

    writeFileSync(join(dir, 'pipelines', 's.nodebook.yaml'), 'nodebook: 1\nname: s\nnodes:\n  s: { use: test.slow@1, with: { ms: 60000 } }\n');
    const { runId } = (await call('start', { pipeline: 'pipelines/s.nodebook.yaml' })) as { runId: string };
    await expect.poll(() => events.some((e) => e.type === 'nodeStarted'), { timeout: 10_000 }).toBe(true);
    expect(await call('cancel', { runId })).toEqual({ cancelled: true });
    await finished(runId);
    expect(events.at(-1)).toMatchObject({ type: 'runFinished', status: 'cancelled' });
    expect(await call('cancel', { runId })).toEqual({ cancelled: false });
  });

  it('marks runs left running by a dead process as interrupted when created', () => {
    createRun(ws.db, { id: 'r-old', pipelineName: 'p', pipelinePath: 'p', pipelineText: '', params: {}, trigger: 'cli', environment: {} });
    ws.db.prepare('UPDATE run SET pid = 999999999 WHERE id = ?').run('r-old');
    createRunsService({ workspace: () => ws, registry: createRegistry(), emit: () => undefined });
    expect(ws.db.prepare("SELECT status FROM run WHERE id = 'r-old'").pluck().get()).toBe('interrupted');
    const noWorkspace = createRunsService({
      workspace: () => {
        throw new UserError('no_workspace', 'No workspace is open.');
      },
      registry: createRegistry(),
      emit: () => undefined,
    });
    return expect(noWorkspace.list({ limit: 10 }, { transport: 'test' })).rejects.toMatchObject({ code: 'no_workspace' });
  });
});
