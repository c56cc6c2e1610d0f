import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database';
import {
  createRun,
  downstreamUses,
  finishExecution,
  finishRun,
  findCached,
  getRun,
  listRuns,
  markInterruptedRuns,
  resolveArtifact,
  startExecution,
  upstreamLineage,
} from './lineage';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-lineage-'));
  db = openDatabase(join(dir, 'nodebook.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (id: string, pipelineName = 'p') =>
  createRun(db, { id, pipelineName, pipelinePath: `pipelines/${pipelineName}.nodebook.yaml`, pipelineText: 'nodebook: 1\n', params: { seed: 1 }, trigger: 'cli', environment: { node: process.version } });
const art = (id: string, sha: string) => ({ id, port: 'out', type: 'table', uri: `/a/${sha}`, sha256: sha, size: 10, properties: { rows: 3 } });
const SHA = (c: string) => c.repeat(64);

/** read → clean → train, then a second run where read and clean are cached. */
function buildGraph() {
  run('r1');
  startExecution(db, { id: 'x-read', runId: 'r1', nodeId: 'read', component: 'data.read_csv@1', params: { path: 'd.csv' }, code: undefined, cacheKey: 'k-read', state: 'running' });
  finishExecution(db, { executionId: 'x-read', runId: 'r1', nodeId: 'read', state: 'done', durationMs: 5, inputs: {}, newOutputs: [art('a-raw', SHA('a'))] });
  startExecution(db, { id: 'x-clean', runId: 'r1', nodeId: 'clean', component: 'code.sql@1', params: {}, code: 'select 1', cacheKey: 'k-clean', state: 'running' });
  finishExecution(db, { executionId: 'x-clean', runId: 'r1', nodeId: 'clean', state: 'done', durationMs: 5, inputs: { table: 'a-raw' }, newOutputs: [art('a-clean', SHA('b'))], metrics: { rows: 3 } });
  startExecution(db, { id: 'x-train', runId: 'r1', nodeId: 'train', component: 'train@1', params: {}, code: undefined, cacheKey: 'k-train', state: 'running' });
  finishExecution(db, { executionId: 'x-train', runId: 'r1', nodeId: 'train', state: 'done', durationMs: 5, inputs: { table: 'a-clean' }, newOutputs: [art('a-model', SHA('c'))] });
  finishRun(db, 'r1', 'succeeded', 20);
  run('r2');
  startExecution(db, { id: 'x-clean2', runId: 'r2', nodeId: 'clean', component: 'code.sql@1', params: {}, code: 'select 1', cacheKey: 'k-clean', state: 'cached' });
  finishExecution(db, { executionId: 'x-clean2', runId: 'r2', nodeId: 'clean', state: 'cached', durationMs: 1, inputs: { table: 'a-raw' }, reusedOutputs: { out: 'a-clean' } });
  finishRun(db, 'r2', 'succeeded', 2);
}

describe('lineage', () => {
  it('walks upstream from a model to its source data through the producing executions', () => {
    buildGraph();
    const g = upstreamLineage(db, 'a-model');
    expect(g.root).toBe('a-model');
    expect(g.executions.map((x) => x.id).sort()).toEqual(['x-clean', 'x-read', 'x-train']);
    expect(g.artifacts.map((a) => a.id).sort()).toEqual(['a-clean', 'a-model', 'a-raw']);
    const clean = g.executions.find((x) => x.id === 'x-clean');
    expect(clean).toMatchObject({ inputs: { table: 'a-raw' }, outputs: { out: 'a-clean' }, code: 'select 1', state: 'done' });
  });

  it('walks downstream to every use, cached ones included', () => {
    buildGraph();
    const g = downstreamUses(db, 'a-raw');
    expect(g.executions.map((x) => x.id).sort()).toEqual(['x-clean', 'x-clean2', 'x-train']);
    expect(g.artifacts.map((a) => a.id).sort()).toEqual(['a-clean', 'a-model', 'a-raw']);
  });

  it('finds cached outputs only while every artifact is still stored', () => {
    buildGraph();
    expect(findCached(db, 'k-clean', ['out'], () => true)?.executionId).toBe('x-clean');
    expect(findCached(db, 'k-clean', ['out'], () => false)).toBeUndefined();
    expect(findCached(db, 'k-clean', ['out', 'other'], () => true)).toBeUndefined();
    expect(findCached(db, 'k-nope', ['out'], () => true)).toBeUndefined();
  });

  it('lists runs newest first and returns one with executions, metrics and artifacts', () => {
    buildGraph();
    run('r3', 'other');
    expect(listRuns(db).map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect(listRuns(db, { pipeline: 'p' }).map((r) => r.id)).toEqual(['r2', 'r1']);
    const r1 = getRun(db, 'r1');
    expect(r1).toMatchObject({ status: 'succeeded', pipelineText: 'nodebook: 1\n', params: { seed: 1 }, counts: { done: 3 } });
    expect(r1.executions.map((x) => x.nodeId)).toEqual(['read', 'clean', 'train']);
    expect(r1.metrics).toEqual([{ nodeId: 'clean', name: 'rows', value: 3 }]);
    expect(r1.artifacts.map((a) => a.id).sort()).toEqual(['a-clean', 'a-model', 'a-raw']);
    expect(getRun(db, 'r2').counts).toEqual({ cached: 1 });
    expect(() => getRun(db, 'nope')).toThrow(/No run nope/);
  });

  it('records child executions (tuning trials) under their node, with params and metrics, outside the node counts', () => {
    run('r4');
    startExecution(db, { id: 'x-tune', runId: 'r4', nodeId: 'search', component: 'tune.search@1', params: {}, code: undefined, cacheKey: 'k-tune', state: 'running' });
    finishExecution(db, {
      executionId: 'x-tune', runId: 'r4', nodeId: 'search', state: 'done', durationMs: 50, inputs: {}, metrics: { best_auc: 0.99 },
      children: [
        { name: 'trial-0', component: 'train.gbdt@1', params: { maxDepth: 3 }, metrics: { roc_auc: 0.99 }, state: 'done', durationMs: 20 },
        { name: 'trial-1', component: 'train.gbdt@1', params: { maxDepth: 9 }, metrics: {}, state: 'failed', durationMs: 5, error: 'boom' },
      ],
    });
    const r4 = getRun(db, 'r4');
    expect(r4.counts).toEqual({ done: 1 });
    expect(r4.executions.map((x) => [x.nodeId, x.component, x.state])).toEqual([
      ['search', 'tune.search@1', 'done'],
      ['search/trial-0', 'train.gbdt@1', 'done'],
      ['search/trial-1', 'train.gbdt@1', 'failed'],
    ]);
    expect(r4.executions[1]?.params).toEqual({ maxDepth: 3 });
    expect(r4.executions[2]?.error?.message).toBe('boom');
    expect(r4.metrics).toContainEqual({ nodeId: 'search/trial-0', name: 'roc_auc', value: 0.99 });
    expect(db.prepare("SELECT parent_id FROM execution WHERE node_id = 'search/trial-0'").pluck().get()).toBe('x-tune');
  });

  it('resolves artifacts by id, id prefix or sha prefix, and names a missing one', () => {
    buildGraph();
    expect(resolveArtifact(db, 'a-model').id).toBe('a-model');
    expect(resolveArtifact(db, 'cccccccc').id).toBe('a-model');
    expect(() => resolveArtifact(db, 'zzzzzz')).toThrow(/No artifact zzzzzz/);
  });

  it('marks runs of dead processes interrupted, with their running executions, and leaves live ones', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    run('r-dead');
    startExecution(db, { id: 'x-run', runId: 'r-dead', nodeId: 'n', component: 'c@1', params: {}, code: undefined, cacheKey: 'k', state: 'running' });
    db.prepare('UPDATE run SET pid = ? WHERE id = ?').run(dead, 'r-dead');
    run('r-live'); // this process: alive
    expect(markInterruptedRuns(db)).toEqual(['r-dead']);
    expect(getRun(db, 'r-dead').status).toBe('interrupted');
    expect(getRun(db, 'r-dead').executions[0]?.state).toBe('interrupted');
    expect(getRun(db, 'r-live').status).toBe('running');
    expect(markInterruptedRuns(db)).toEqual([]);
  });
});
