import { hostname } from 'node:os';
import { OperationalError } from '../../shared/errors';
import type { RunEvent, RunSummary, RunTrigger } from '../../shared/contracts/runs.contract';
import { WorkerPool } from '../worker/spawn';
import type { Workspace } from '../workspace/workspace';
import { FsArtifactStore, type ArtifactStore } from './artifact-store';
import type { ComponentRegistry } from './component';
import { captureEnvironment, pythonInfo } from './environment';
import { createRun, finishExecution, finishRun, startExecution, updateRunEnvironment } from './lineage';
import { newId, runNode, type NodeOutcome, type OutputRecord } from './node-runner';
import { planRun, type RunPlan } from './plan';

export interface RunPipelineOptions {
  readonly workspace: Workspace;
  readonly registry: ComponentRegistry;
  /** Workspace-relative or absolute. */
  readonly pipelinePath: string;
  readonly overrides?: Record<string, unknown>;
  /** Run these nodes and what they need upstream. */
  readonly targetNodes?: string[];
  /** Re-run every node (true) or the listed ones, ignoring the cache. */
  readonly force?: boolean | string[];
  readonly trigger: RunTrigger;
  readonly signal?: AbortSignal;
  readonly onEvent: (e: RunEvent) => void;
  /** Extra component modules the workers load (plugins, test fixtures); absolute paths. */
  readonly componentModules?: readonly string[];
  readonly store?: ArtifactStore;
  /** Defaults to a fresh id; the runs service picks it to answer `start` before the run ends. */
  readonly runId?: string;
}

export interface PreparedRun {
  readonly runId: string;
  readonly plan: RunPlan;
  /** Runs the planned nodes; resolves when every node has finished, failed or been skipped. */
  start(): Promise<RunSummary>;
}

export function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `run_${stamp}_${newId('').slice(1, 7)}`;
}

/** Validates and plans (throwing a UserError with every diagnostic when the file is wrong) without running anything yet. */
export function prepareRun(opts: RunPipelineOptions): PreparedRun {
  const plan = planRun({
    registry: opts.registry,
    workspaceRoot: opts.workspace.root,
    pipelinePath: opts.pipelinePath,
    overrides: opts.overrides,
    targetNodes: opts.targetNodes,
  });
  const runId = opts.runId ?? newRunId();
  return { runId, plan, start: () => execute(opts, plan, runId) };
}

export function runPipeline(opts: RunPipelineOptions): Promise<RunSummary> {
  return prepareRun(opts).start();
}

async function execute(opts: RunPipelineOptions, plan: RunPlan, runId: string): Promise<RunSummary> {
  const { workspace } = opts;
  const db = workspace.db;
  const started = Date.now();
  const signal = opts.signal ?? new AbortController().signal;
  const emit = (e: RunEvent) => {
    try {
      opts.onEvent(e);
    } catch (err) {
      // A broken listener (a closed socket) must not take the run down with it.
      console.error('[nodebook] run event listener failed:', err);
    }
  };
  const environment = await captureEnvironment(workspace.root);
  createRun(db, {
    id: runId,
    pipelineName: plan.doc.name,
    pipelinePath: plan.displayPath,
    pipelineText: plan.text,
    params: plan.params,
    trigger: opts.trigger,
    environment: { ...environment, pid: process.pid, host: hostname() },
  });
  emit({ type: 'runStarted', runId, pipeline: plan.doc.name, pipelinePath: plan.displayPath, nodes: [...plan.order], trigger: opts.trigger });
  for (const nodeId of plan.order) emit({ type: 'nodeQueued', runId, nodeId });

  const concurrency = Math.max(1, workspace.settings.concurrency);
  const componentModules = opts.componentModules ?? [];
  // One spare at most: on a small machine more processes booting at once only compete for the cores.
  const pool = new WorkerPool({ componentModules, builtin: componentModules.length === 0 }, 1);
  const pending = [...plan.order];
  const env = {
    pool,
    // Start spares only once a node actually needs a worker: an all-cached run forks nothing.
    onWorkerTaken: () => pool.warm(pending.length),
    runId,
    db,
    store: opts.store ?? new FsArtifactStore(workspace.paths),
    workspaceDir: workspace.root,
    tmpRoot: workspace.paths.tmp,
    python: workspace.settings.python,
    concurrency,
    timeoutMs: workspace.settings.nodeTimeoutSeconds * 1000,
    retries: workspace.settings.retries,
    componentModules,
    signal,
    emit,
  };
  const forced = (id: string) => opts.force === true || (Array.isArray(opts.force) && opts.force.includes(id));
  const outcomes = new Map<string, NodeOutcome | { state: 'skipped'; reason: string }>();
  const outputs = new Map<string, Record<string, OutputRecord>>();
  const running = new Map<string, Promise<void>>();

  const skip = (nodeId: string, reason: string) => {
    const node = plan.nodes.get(nodeId);
    outcomes.set(nodeId, { state: 'skipped', reason });
    if (node) {
      const executionId = newId('exe');
      startExecution(db, { id: executionId, runId, nodeId, component: node.key, params: node.params, code: node.node.code, cacheKey: null, state: 'skipped' });
      finishExecution(db, { executionId, runId, nodeId, state: 'skipped', durationMs: 0, inputs: {}, logs: reason });
    }
    emit({ type: 'nodeSkipped', runId, nodeId, reason });
  };

  try {
    while (pending.length > 0 || running.size > 0) {
      if (signal.aborted) {
        for (const id of pending.splice(0)) skip(id, 'the run was cancelled');
      }
      for (let i = 0; i < pending.length && running.size < concurrency; ) {
        const id = pending[i];
        const node = id === undefined ? undefined : plan.nodes.get(id);
        if (id === undefined || !node) {
          pending.splice(i, 1);
          continue;
        }
        const deps = [...new Set(Object.values(node.inputs).map((b) => b.node))];
        const broken = deps.find((d) => {
          const s = outcomes.get(d)?.state;
          return s === 'failed' || s === 'skipped' || s === 'cancelled';
        });
        if (broken !== undefined) {
          pending.splice(i, 1);
          skip(id, `upstream node ${broken} ${outcomes.get(broken)?.state === 'skipped' ? 'was skipped' : 'failed'}`);
          continue;
        }
        if (!deps.every((d) => outputs.has(d))) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        const task = runNode(env, node, outputs, forced(id))
          .catch((err: unknown): NodeOutcome => {
            const error = new OperationalError('engine_failed', `Node ${id}: ${err instanceof Error ? err.message : String(err)}`).toShape();
            emit({ type: 'nodeFailed', runId, nodeId: id, error });
            return { state: 'failed', error };
          })
          .then((outcome) => {
            outcomes.set(id, outcome);
            if (outcome.state === 'done' || outcome.state === 'cached') outputs.set(id, outcome.outputs);
            running.delete(id);
          });
        running.set(id, task);
      }
      if (running.size === 0) {
        // Nothing runnable and nothing running: whatever is left can never start.
        for (const id of pending.splice(0)) skip(id, 'its inputs never became available');
        break;
      }
      await Promise.race(running.values());
    }
  } finally {
    await Promise.allSettled(running.values());
    await pool.close();
  }

  const ranPython = plan.order.some((id) => {
    const o = outcomes.get(id);
    return o && 'executed' in o && o.executed && plan.nodes.get(id)?.def.codeLanguage === 'python';
  });
  if (ranPython) {
    const python = await pythonInfo(workspace.settings.python);
    updateRunEnvironment(db, runId, { ...environment, pid: process.pid, host: hostname(), python });
  }
  const states = [...outcomes.values()].map((o) => o.state);
  const status = signal.aborted ? 'cancelled' : states.some((s) => s === 'failed' || s === 'cancelled' || s === 'skipped') ? 'failed' : 'succeeded';
  const durationMs = Date.now() - started;
  finishRun(db, runId, status, durationMs);
  emit({ type: 'runFinished', runId, status, durationMs });
  return summarize(runId, status, plan.order, outcomes);
}

function summarize(runId: string, status: RunSummary['status'], order: readonly string[], outcomes: ReadonlyMap<string, NodeOutcome | { state: 'skipped'; reason: string }>): RunSummary {
  const nodes: RunSummary['nodes'] = {};
  for (const id of order) {
    const o = outcomes.get(id);
    if (!o || o.state === 'skipped') nodes[id] = { state: 'skipped', outputs: {} };
    else if ('outputs' in o) {
      nodes[id] = { state: o.state, outputs: Object.fromEntries(Object.entries(o.outputs).map(([p, r]) => [p, { artifact: r.artifactId, sha256: r.sha256 }])) };
    } else if ('error' in o) nodes[id] = { state: 'failed', outputs: {}, error: o.error };
  }
  return { runId, status, nodes };
}
