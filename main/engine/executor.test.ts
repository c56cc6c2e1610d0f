import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/contracts/runs.contract';
import { initWorkspace, openWorkspace, writeSettings, type Workspace } from '../workspace/workspace';
import { ComponentRegistry } from './component';
import { runPipeline, type RunPipelineOptions } from './executor';
import { testComponents } from './fixtures/test-components';
import { getRun, listRuns, upstreamLineage } from './lineage';

const fixtures = fileURLToPath(new URL('./fixtures/test-components.ts', import.meta.url));
const registry = new ComponentRegistry(testComponents);
let dir: string;
let ws: Workspace;

function workspace(settings: { concurrency?: number; retries?: number; nodeTimeoutSeconds?: number } = {}) {
  initWorkspace(dir);
  writeSettings(join(dir, 'nodebook.yaml'), { nodebook: 1, name: 't', python: 'python3', concurrency: 2, ...settings });
  ws = openWorkspace(dir);
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-exec-'));
});
afterEach(() => {
  ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

function pipeline(name: string, yaml: string): string {
  writeFileSync(join(dir, 'pipelines', `${name}.nodebook.yaml`), yaml);
  return `pipelines/${name}.nodebook.yaml`;
}

async function run(path: string, opts: Partial<RunPipelineOptions> = {}) {
  const events: RunEvent[] = [];
  const summary = await runPipeline({ workspace: ws, registry, pipelinePath: path, trigger: 'api', componentModules: [fixtures], onEvent: (e) => events.push(e), ...opts });
  const started = (id: string) => events.filter((e) => e.type === 'nodeStarted' && e.nodeId === id).length;
  return { summary, events, started };
}

const SUM = `nodebook: 1
name: sum
params: { k: 1 }
nodes:
  intro: { use: test.note@1, text: "# Sum" }
  a: { use: test.constant@1, with: { value: 1, delayMs: 300 } }
  b: { use: test.constant@1, with: { value: 2, delayMs: 300 } }
  s: { use: test.add@1, in: { a: a.value, b: b.value }, with: { add: "\${params.k}" } }
`;

describe('runPipeline', () => {
  it('runs independent nodes in parallel, caches everything, and re-runs only what a change reaches', async () => {
    workspace();
    const p = pipeline('sum', SUM);
    const first = await run(p);
    expect(first.summary.status).toBe('succeeded');
    expect(Object.keys(first.summary.nodes)).toEqual(['a', 'b', 's']); // the note is not a step
    expect(first.events.map((e) => e.type).slice(0, 4)).toEqual(['runStarted', 'nodeQueued', 'nodeQueued', 'nodeQueued']);
    // a and b both started before either finished: they ran side by side.
    const types = first.events.filter((e) => e.type === 'nodeStarted' || e.type === 'nodeFinished').map((e) => `${e.type}:${'nodeId' in e ? e.nodeId : ''}`);
    expect(types.slice(0, 2).sort()).toEqual(['nodeStarted:a', 'nodeStarted:b']);
    const s = first.summary.nodes.s!;
    expect(s.state).toBe('done');
    const sumPath = join(ws.paths.artifacts, s.outputs.sum!.sha256.slice(0, 2), s.outputs.sum!.sha256);
    expect(readFileSync(sumPath, 'utf8')).toBe('4');
    expect(first.events.some((e) => e.type === 'nodeLog' && e.nodeId === 'a' && e.line === 'constant 1')).toBe(true);

    const second = await run(p);
    expect(Object.values(second.summary.nodes).map((n) => n.state)).toEqual(['cached', 'cached', 'cached']);
    expect(second.events.filter((e) => e.type === 'nodeStarted')).toEqual([]);
    expect(second.summary.nodes.s!.outputs.sum!.artifact).toBe(s.outputs.sum!.artifact);

    const changed = await run(p, { overrides: { k: 10 } });
    expect(Object.fromEntries(Object.entries(changed.summary.nodes).map(([id, n]) => [id, n.state]))).toEqual({ a: 'cached', b: 'cached', s: 'done' });
    const newSum = changed.summary.nodes.s!.outputs.sum!.sha256;
    expect(readFileSync(join(ws.paths.artifacts, newSum.slice(0, 2), newSum), 'utf8')).toBe('13');
    expect(getRun(ws.db, changed.summary.runId).params).toEqual({ k: 10 });

    const only = await run(p, { targetNodes: ['a'] });
    expect(Object.keys(only.summary.nodes)).toEqual(['a']);

    // Forcing b re-runs it; its bytes are unchanged, so s is still a cache hit.
    const forced = await run(p, { force: ['b'] });
    expect(Object.fromEntries(Object.entries(forced.summary.nodes).map(([id, n]) => [id, n.state]))).toEqual({ a: 'cached', b: 'done', s: 'cached' });

    const record = getRun(ws.db, first.summary.runId);
    expect(record).toMatchObject({ status: 'succeeded', trigger: 'api', pipelineText: SUM, counts: { done: 3 } });
    expect(record.metrics).toEqual([
      { nodeId: 'a', name: 'answer', value: 42 },
      { nodeId: 'b', name: 'answer', value: 42 },
    ]);
    expect(record.environment).toMatchObject({ node: process.version, cpu: { count: expect.any(Number) } });
    expect(listRuns(ws.db)).toHaveLength(5);
    expect(readdirSync(ws.paths.tmp)).toEqual([]);
  });

  it('skips what depends on a failure, finishes independent branches, and retries only operational errors', async () => {
    workspace({ retries: 2 });
    const p = pipeline('fail', `nodebook: 1
name: fail
nodes:
  bad: { use: test.fail@1, with: { kind: user } }
  after: { use: test.add@1, in: { a: bad.value } }
  later: { use: test.add@1, in: { a: after.sum } }
  flaky: { use: test.fail@1, with: { kind: flaky, succeedOn: 2 } }
  ok: { use: test.constant@1, with: { value: 5 } }
  noout: { use: test.bad_output@1, with: { kind: missing } }
  nofile: { use: test.bad_output@1, with: { kind: nofile } }
`);
    const { summary, events, started } = await run(p);
    expect(summary.status).toBe('failed');
    expect(summary.nodes.bad).toMatchObject({ state: 'failed', error: { name: 'UserError', code: 'bad_value' } });
    expect(summary.nodes.after?.state).toBe('skipped');
    expect(summary.nodes.later?.state).toBe('skipped');
    expect(summary.nodes.ok?.state).toBe('done');
    expect(summary.nodes.flaky?.state).toBe('done');
    expect(summary.nodes.noout).toMatchObject({ state: 'failed', error: { name: 'UserError', code: 'missing_output', message: expect.stringContaining('"value"') } });
    expect(summary.nodes.nofile).toMatchObject({ state: 'failed', error: { name: 'UnexpectedError', code: 'output_file_missing' } });
    expect(started('nofile')).toBe(1);
    expect(started('bad')).toBe(1); // a UserError is not retried
    expect(started('flaky')).toBe(2); // an OperationalError is
    expect(events.find((e) => e.type === 'nodeSkipped' && e.nodeId === 'after')).toMatchObject({ reason: 'upstream node bad failed' });
    expect(events.at(-1)).toMatchObject({ type: 'runFinished', status: 'failed' });
    const states = Object.fromEntries(getRun(ws.db, summary.runId).executions.map((x) => [x.nodeId, x.state]));
    expect(states).toEqual({ bad: 'failed', after: 'skipped', later: 'skipped', flaky: 'done', ok: 'done', noout: 'failed', nofile: 'failed' });
  });

  it('cancels: kills running workers, skips the rest, stores nothing partial', async () => {
    workspace();
    const p = pipeline('slow', `nodebook: 1
name: slow
nodes:
  slow: { use: test.slow@1, with: { ms: 60000 } }
  next: { use: test.add@1, in: { a: slow.value } }
`);
    const controller = new AbortController();
    const t0 = Date.now();
    const { summary } = await run(p, { signal: controller.signal, onEvent: (e) => e.type === 'nodeLog' && controller.abort() });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(summary.status).toBe('cancelled');
    expect(summary.nodes.slow).toMatchObject({ state: 'failed', error: { code: 'cancelled' } });
    expect(summary.nodes.next?.state).toBe('skipped');
    const detail = getRun(ws.db, summary.runId);
    expect(detail.status).toBe('cancelled');
    expect(detail.executions.map((x) => x.state)).toEqual(['cancelled', 'skipped']);
    expect(readdirSync(ws.paths.artifacts)).toEqual([]);
    expect(readdirSync(ws.paths.tmp)).toEqual([]);
  });

  it('re-runs a node when a workspace file it reads changes, and records the file as its source', async () => {
    workspace();
    writeFileSync(join(dir, 'data', 'in.txt'), 'v1');
    const p = pipeline('src', `nodebook: 1
name: src
nodes:
  read: { use: test.read_text@1, with: { path: data/in.txt } }
`);
    const first = await run(p);
    expect((await run(p)).summary.nodes.read?.state).toBe('cached');
    writeFileSync(join(dir, 'data', 'in.txt'), 'v2, longer');
    const changed = await run(p);
    expect(changed.summary.nodes.read?.state).toBe('done');
    expect(changed.summary.nodes.read?.outputs.value?.sha256).not.toBe(first.summary.nodes.read?.outputs.value?.sha256);
    const up = upstreamLineage(ws.db, changed.summary.nodes.read!.outputs.value!.artifact);
    const source = up.artifacts.find((a) => a.type === 'source');
    expect(source).toMatchObject({ uri: join(dir, 'data', 'in.txt'), properties: { path: join('data', 'in.txt') } });
    expect(up.executions[0]?.inputs).toEqual({ 'with.path': source!.id });
  });

  it('stops a node that runs past nodeTimeoutSeconds', async () => {
    workspace({ nodeTimeoutSeconds: 1 });
    const p = pipeline('timeout', `nodebook: 1
name: timeout
nodes:
  slow: { use: test.slow@1, with: { ms: 60000 } }
`);
    const { summary } = await run(p);
    expect(summary.nodes.slow).toMatchObject({ state: 'failed', error: { name: 'OperationalError', code: 'node_timeout' } });
  });

  it('refuses an invalid pipeline with every diagnostic located, and records nothing', async () => {
    workspace();
    const p = pipeline('bad', `nodebook: 1
name: bad
nodes:
  a: { use: test.constant@1, with: { delayMs: "soon" } }
  b: { use: test.nope@1 }
  c: { use: test.add@1, in: { a: missing.value } }
`);
    const err = await run(p).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'invalid_pipeline' });
    const message = err instanceof Error ? err.message : '';
    expect(message).toMatch(/pipelines\/bad\.nodebook\.yaml:4:\d+: \[node a\]/);
    expect(message).toMatch(/pipelines\/bad\.nodebook\.yaml:5:\d+: \[node b\]/);
    expect(message).toMatch(/pipelines\/bad\.nodebook\.yaml:6:\d+: \[node c\]/);
    expect(listRuns(ws.db)).toEqual([]);
    expect(existsSync(join(ws.paths.artifacts, 'x'))).toBe(false);
  });
});
