import { describe, expect, it } from 'vitest';
import type { RunDetail, RunEvent } from '../../shared/contracts/runs.contract';
import { applyRunEvent, emptyRunView, MAX_LOG_LINES, viewFromRuns, type RunView } from './run-events';

const runId = 'r1';
const ref = (artifactId: string) => ({ artifactId, sha256: 'x'.repeat(64), type: 'table' as const, size: 10 });
const fold = (events: RunEvent[], start: RunView = emptyRunView()) => events.reduce(applyRunEvent, start);

describe('applyRunEvent', () => {
  it('walks a node through queued, running, progress, logs and done', () => {
    const v = fold([
      { type: 'runStarted', runId, pipeline: 'p', pipelinePath: 'pipelines/p.nodebook.yaml', nodes: ['a', 'b'], trigger: 'ui' },
      { type: 'nodeQueued', runId, nodeId: 'a' },
      { type: 'nodeStarted', runId, nodeId: 'a', attempt: 1 },
      { type: 'nodeProgress', runId, nodeId: 'a', fraction: 0.5 },
      { type: 'nodeLog', runId, nodeId: 'a', stream: 'stdout', line: 'hello' },
      { type: 'nodeLog', runId, nodeId: 'a', stream: 'stderr', line: 'warn' },
    ]);
    expect(v.nodes.a).toEqual({ state: 'running', progress: 0.5 });
    expect(v.nodes.b).toEqual({ state: 'queued' });
    expect(v.logs.a).toEqual(['hello', '[stderr] warn']);
    const done = applyRunEvent(v, { type: 'nodeFinished', runId, nodeId: 'a', cached: false, outputs: { table: ref('A1') }, durationMs: 12 });
    expect(done.nodes.a).toEqual({ state: 'done', durationMs: 12, outputs: { table: { artifactId: 'A1', type: 'table', size: 10 } } });
    const cached = applyRunEvent(done, { type: 'nodeFinished', runId, nodeId: 'b', cached: true, outputs: {}, durationMs: 1 });
    expect(cached.nodes.b?.state).toBe('cached');
  });

  it('keeps old outputs visible while a node re-runs, and drops them on failure', () => {
    const before: RunView = { nodes: { a: { state: 'done', outputs: { t: { artifactId: 'A0', type: 'table', size: 1 } } } }, logs: { a: ['old'] } };
    const queued = fold([{ type: 'runStarted', runId, pipeline: 'p', pipelinePath: 'p', nodes: ['a'], trigger: 'ui' }], before);
    expect(queued.nodes.a).toEqual({ state: 'queued', outputs: { t: { artifactId: 'A0', type: 'table', size: 1 } } });
    expect(queued.logs.a).toEqual([]);
    const failed = fold(
      [
        { type: 'nodeStarted', runId, nodeId: 'a', attempt: 1 },
        { type: 'nodeFailed', runId, nodeId: 'a', error: { name: 'UserError', code: 'python_error', message: 'NameError: x', details: { traceback: 'File "cell", line 1\nNameError' } } },
      ],
      queued,
    );
    expect(failed.nodes.a).toEqual({
      state: 'failed',
      error: { message: 'NameError: x', code: 'python_error', traceback: 'File "cell", line 1\nNameError', details: { traceback: 'File "cell", line 1\nNameError' } },
    });
  });

  it('sends a cancelled node back to idle with its previous outputs', () => {
    const before: RunView = { nodes: { a: { state: 'done', outputs: { t: { artifactId: 'A0', type: 'table', size: 1 } } } }, logs: {} };
    const v = fold(
      [
        { type: 'nodeStarted', runId, nodeId: 'a', attempt: 1 },
        { type: 'nodeFailed', runId, nodeId: 'a', error: { name: 'OperationalError', code: 'cancelled', message: 'Node a was cancelled' } },
      ],
      before,
    );
    expect(v.nodes.a).toEqual({ state: 'idle', error: { message: 'Node a was cancelled', code: 'cancelled' }, outputs: { t: { artifactId: 'A0', type: 'table', size: 1 } } });
  });

  it('marks skipped nodes with the reason and settles unreached nodes when the run ends', () => {
    const v = fold([
      { type: 'runStarted', runId, pipeline: 'p', pipelinePath: 'p', nodes: ['a', 'b', 'c'], trigger: 'ui' },
      { type: 'nodeSkipped', runId, nodeId: 'b', reason: 'upstream a failed' },
      { type: 'nodeStarted', runId, nodeId: 'a', attempt: 1 },
      { type: 'runFinished', runId, status: 'cancelled', durationMs: 5 },
    ]);
    expect(v.nodes.b).toEqual({ state: 'skipped', error: { message: 'upstream a failed' } });
    expect(v.nodes.a).toEqual({ state: 'idle' });
    expect(v.nodes.c).toEqual({ state: 'idle' });
  });

  it('caps a node log at MAX_LOG_LINES, dropping the oldest', () => {
    let v = emptyRunView();
    for (let i = 0; i < MAX_LOG_LINES + 5; i++) v = applyRunEvent(v, { type: 'nodeLog', runId, nodeId: 'a', stream: 'stdout', line: String(i) });
    expect(v.logs.a).toHaveLength(MAX_LOG_LINES);
    expect(v.logs.a?.[0]).toBe('5');
  });
});

describe('viewFromRuns', () => {
  const artifact = (id: string, type: string) => ({ id, type, uri: '', sha256: '', size: 7, properties: {}, createdAt: '' });
  const exec = (nodeId: string, state: RunDetail['executions'][number]['state'], outputs: Record<string, string>, logs = '') => ({
    id: `${nodeId}-${state}`,
    runId: 'x',
    nodeId,
    component: 'c@1',
    params: {},
    code: null,
    state,
    cacheKey: null,
    startedAt: '',
    endedAt: null,
    durationMs: 3,
    host: 'h',
    pid: null,
    error: null,
    inputs: {},
    outputs,
    logs,
  });

  it('takes each node from the newest run that executed it', () => {
    const newest = { executions: [exec('b', 'done', { t: 'B2' }, 'line 1\nline 2\n')], artifacts: [artifact('B2', 'table')] };
    const older = { executions: [exec('a', 'cached', { t: 'A1' }), exec('b', 'done', { t: 'B1' })], artifacts: [artifact('A1', 'table'), artifact('B1', 'table')] };
    const v = viewFromRuns([newest, older]);
    expect(v.nodes.b).toEqual({ state: 'done', durationMs: 3, outputs: { t: { artifactId: 'B2', type: 'table', size: 7 } } });
    expect(v.nodes.a?.state).toBe('cached');
    expect(v.logs.b).toEqual(['line 1', 'line 2']);
  });

  it('ignores executions that never settled', () => {
    const v = viewFromRuns([{ executions: [exec('a', 'interrupted', {})], artifacts: [] }]);
    expect(v.nodes.a).toBeUndefined();
  });
});
