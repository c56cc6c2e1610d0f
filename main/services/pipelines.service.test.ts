import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentsContract } from '../../shared/contracts/components.contract';
import { pipelinesContract } from '../../shared/contracts/pipelines.contract';
import { createRegistry } from '../components/index';
import { Router } from '../rpc/router';
import { registerService } from '../rpc/service';
import { initWorkspace, openWorkspace, type Workspace } from '../workspace/workspace';
import { createComponentsService } from './components.service';
import { createPipelinesService } from './pipelines.service';

let dir: string;
let ws: Workspace;
let router: Router;
const saved: unknown[] = [];
const registry = createRegistry();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-pipe-svc-'));
  initWorkspace(dir);
  ws = openWorkspace(dir);
  router = new Router();
  router.register(
    registerService(pipelinesContract, createPipelinesService({ workspace: () => ws, registry, emit: (e) => saved.push(e) })),
    registerService(componentsContract, createComponentsService({ registry })),
  );
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(service: string, method: string, args: unknown) {
  const out = await router.call(service, method, args, { transport: 'test' });
  if (!out.ok) throw Object.assign(new Error(out.error.message), out.error);
  return out.result;
}

describe('pipelines service', () => {
  it('creates from a template, lists, reads, writes atomically, renames and deletes', async () => {
    const created = (await call('pipelines', 'create', { name: 'demo', template: 'example' })) as { path: string; text: string };
    expect(created.path).toBe(join('pipelines', 'demo.nodebook.yaml'));
    const read = (await call('pipelines', 'read', { path: created.path })) as { text: string; doc: { name: string } | null; diagnostics: unknown[] };
    expect(read.text).toBe(created.text);
    expect(read.doc?.name).toBe('demo');
    expect(read.diagnostics).toEqual([]);
    await expect(call('pipelines', 'create', { name: 'demo' })).rejects.toMatchObject({ code: 'pipeline_exists' });

    // An invalid save is kept (nothing typed is lost) and its diagnostics come back located.
    const broken = created.text.replace('data.split@1', 'data.splt@1');
    const written = (await call('pipelines', 'write', { path: created.path, text: broken })) as { diagnostics: { nodeId?: string; line?: number; message: string }[] };
    expect(readFileSync(join(dir, created.path), 'utf8')).toBe(broken);
    expect(written.diagnostics[0]).toMatchObject({ nodeId: 'split', line: expect.any(Number) });
    expect(written.diagnostics[0]?.message).toMatch(/data\.split@1/);
    expect(readdirSync(join(dir, 'pipelines'))).toEqual(['demo.nodebook.yaml']); // no temp file left

    const list = (await call('pipelines', 'list', {})) as { name: string; nodeCount: number; error?: string }[];
    expect(list).toMatchObject([{ name: 'demo', nodeCount: 4 }]);

    const validated = (await call('pipelines', 'validate', { text: 'nodebook: 1\nname: x\nnodes:\n  a: { use: data.read_csv@1, with: {} }\n' })) as { diagnostics: { nodeId?: string }[] };
    expect(validated.diagnostics.some((d) => d.nodeId === 'a')).toBe(true);

    await call('pipelines', 'write', { path: created.path, text: created.text });
    const renamed = (await call('pipelines', 'rename', { path: created.path, name: 'better' })) as { path: string };
    expect(renamed.path).toBe(join('pipelines', 'better.nodebook.yaml'));
    expect(existsSync(join(dir, created.path))).toBe(false);
    expect(readFileSync(join(dir, renamed.path), 'utf8')).toMatch(/^name: better$/m);

    expect(await call('pipelines', 'delete', { path: renamed.path })).toEqual({ deleted: true });
    expect(await call('pipelines', 'list', {})).toEqual([]);
    expect(saved.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses paths outside the workspace and reports a broken file in the list', async () => {
    await expect(call('pipelines', 'read', { path: '../../etc/passwd.yaml' })).rejects.toMatchObject({ code: 'path_outside_workspace' });
    await expect(call('pipelines', 'write', { path: 'pipelines/x.txt', text: '' })).rejects.toMatchObject({ code: 'not_a_pipeline' });
    writeFileSync(join(dir, 'pipelines', 'broken.nodebook.yaml'), 'nodebook: 1\nname: [\n');
    const list = (await call('pipelines', 'list', {})) as { name: string; error?: string }[];
    expect(list[0]?.name).toBe('broken');
    expect(list[0]?.error).toMatch(/^pipelines\/broken\.nodebook\.yaml:\d+:\d+/);
  });
});

describe('components service', () => {
  it('lists every built-in component once, with JSON Schema params', async () => {
    const list = (await call('components', 'list', {})) as { key: string; paramsSchema: Record<string, unknown> }[];
    const keys = list.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['data.read_csv@1', 'data.split@1', 'code.python@1', 'code.sql@1']));
    expect(list.find((c) => c.key === 'data.read_csv@1')?.paramsSchema).toHaveProperty('properties.path');
  });
});
