import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ErrorShape } from '../../shared/errors';
import { AppError, OperationalError, UnexpectedError, UserError, toErrorShape } from '../../shared/errors';
import type { OutputRef, RunEvent } from '../../shared/contracts/runs.contract';
import type { PortType } from '../../shared/pipeline/component-info';
import type { Db } from '../db/database';
import type { WorkerTask } from '../worker/protocol';
import { runInWorker, type ResultMessage, type WorkerPool } from '../worker/spawn';
import type { ArtifactStore } from './artifact-store';
import { cacheKey, runtimeFingerprint } from './cache-key';
import { finishExecution, findCached, setExecutionPid, sourceArtifact, startExecution, type NewArtifact } from './lineage';
import { sourceFilesOf } from './source-files';
import type { NodePlan } from './plan';

/** An output as the engine carries it between nodes: a stored artifact plus its meta. */
export interface OutputRecord extends OutputRef {
  readonly meta: Record<string, unknown>;
}

export type NodeOutcome =
  | { readonly state: 'done' | 'cached'; readonly outputs: Record<string, OutputRecord>; readonly executed: boolean }
  | { readonly state: 'failed' | 'cancelled'; readonly error: ErrorShape };

export interface NodeRunEnv {
  readonly runId: string;
  readonly db: Db;
  readonly store: ArtifactStore;
  readonly workspaceDir: string;
  readonly tmpRoot: string;
  readonly python: string;
  /** The workspace's concurrency limit, passed on to components (RunContext.concurrency). */
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly componentModules: readonly string[];
  readonly signal: AbortSignal;
  readonly emit: (e: RunEvent) => void;
  /** Spare worker processes; `onWorkerTaken` lets the scheduler start the next spare. */
  readonly pool?: WorkerPool;
  readonly onWorkerTaken?: () => void;
}

export const newId = (prefix: string): string => `${prefix}_${randomBytes(8).toString('hex')}`;

const MAX_LOG = 256 * 1024;

/** Only the environment may heal by itself; a UserError or a bug fails the same way again. */
const retryable = (err: unknown): boolean => err instanceof OperationalError && err.code !== 'cancelled';

/**
 * One node: cache key from its inputs' content hashes, a cache lookup, else a worker
 * process (with timeout and retries), then its outputs stored and its lineage written.
 */
export async function runNode(env: NodeRunEnv, plan: NodePlan, upstream: ReadonlyMap<string, Record<string, OutputRecord>>, force: boolean): Promise<NodeOutcome> {
  const { db, emit, runId } = env;
  const nodeId = plan.id;
  const started = Date.now();
  const executionId = newId('exe');
  const inputs: Record<string, OutputRecord> = {};
  for (const [port, b] of Object.entries(plan.inputs)) {
    const ref = upstream.get(b.node)?.[b.port];
    if (!ref) return fail(new UserError('missing_input', `Node ${nodeId}: input ${port} is bound to ${b.node}.${b.port}, which produced no such output`, { nodeId, port }));
    inputs[port] = ref;
  }
  const inputIds: Record<string, string> = Object.fromEntries(Object.entries(inputs).map(([p, r]) => [p, r.artifactId]));
  const parsed = plan.def.params.safeParse(plan.params ?? {});
  const params: unknown = parsed.success ? parsed.data : plan.params;
  const code = plan.node.code;

  let key: string;
  try {
    const fingerprint = await runtimeFingerprint(plan.def, { python: env.python });
    // Only source nodes (no bound inputs) read the workspace's files; a sink such as data.write
    // names the file it writes, which must not feed its own cache key.
    const sources = Object.keys(plan.inputs).length === 0 ? await sourceFilesOf(env.workspaceDir, params) : [];
    key = cacheKey({
      component: plan.key,
      params,
      code,
      inputs: {
        ...Object.fromEntries(Object.entries(inputs).map(([p, r]) => [p, r.sha256])),
        ...Object.fromEntries(sources.map((f) => [`with.${f.param}`, f.sha256])),
      },
      outputs: plan.outputTypes,
      fingerprint,
    });
    for (const f of sources) inputIds[`with.${f.param}`] = sourceArtifact(db, { id: newId('src'), uri: f.abs, rel: f.rel, sha256: f.sha256, size: f.size });
  } catch (err) {
    return fail(err);
  }

  if (!force) {
    const hit = findCached(db, key, Object.keys(plan.outputTypes), (sha) => env.store.has(sha));
    if (hit) {
      const outputs: Record<string, OutputRecord> = {};
      for (const port of Object.keys(plan.outputTypes)) {
        const a = hit.outputs[port];
        if (a) outputs[port] = { artifactId: a.id, sha256: a.sha256, type: plan.outputTypes[port] ?? 'file', size: a.size, meta: a.properties };
      }
      startExecution(db, { id: executionId, runId, nodeId, component: plan.key, params, code, cacheKey: key, state: 'cached' });
      finishExecution(db, {
        executionId,
        runId,
        nodeId,
        state: 'cached',
        durationMs: Date.now() - started,
        inputs: inputIds,
        reusedOutputs: Object.fromEntries(Object.entries(outputs).map(([p, o]) => [p, o.artifactId])),
        logs: `cached: outputs of execution ${hit.executionId}`,
      });
      emit({ type: 'nodeFinished', runId, nodeId, cached: true, outputs: refs(outputs), durationMs: Date.now() - started });
      return { state: 'cached', outputs, executed: false };
    }
  }

  startExecution(db, { id: executionId, runId, nodeId, component: plan.key, params, code, cacheKey: key, state: 'running' });
  let logs = '';
  const appendLog = (stream: 'stdout' | 'stderr', line: string) => {
    if (logs.length < MAX_LOG) logs += `${stream === 'stderr' ? '! ' : ''}${line}\n`;
    emit({ type: 'nodeLog', runId, nodeId, stream, line });
  };

  for (let attempt = 1; ; attempt++) {
    const tmpDir = join(env.tmpRoot, `${executionId}-${attempt}`);
    mkdirSync(tmpDir, { recursive: true });
    emit({ type: 'nodeStarted', runId, nodeId, attempt });
    try {
      const task: WorkerTask = {
        componentKey: plan.key,
        nodeId,
        params,
        code,
        inputs: Object.fromEntries(Object.entries(inputs).map(([p, r]) => [p, { type: r.type, path: env.store.pathOf(r.sha256), sha256: r.sha256, meta: r.meta }])),
        outputs: plan.outputTypes,
        workspaceDir: env.workspaceDir,
        tmpDir,
        python: env.python,
        concurrency: env.concurrency,
        componentModules: [...env.componentModules],
      };
      const spare = env.pool?.take();
      env.onWorkerTaken?.();
      const result = await runInWorker(task, {
        child: spare,
        signal: env.signal,
        timeoutMs: env.timeoutMs,
        onLog: appendLog,
        onProgress: (fraction, message) => emit({ type: 'nodeProgress', runId, nodeId, fraction: Math.min(1, Math.max(0, fraction)), message }),
        onSpawn: (pid) => setExecutionPid(db, executionId, pid),
      });
      for (const w of result.warnings) appendLog('stderr', `warning: ${w}`);
      const stored = await storeOutputs(env, plan, result, tmpDir);
      finishExecution(db, {
        executionId,
        runId,
        nodeId,
        state: 'done',
        durationMs: Date.now() - started,
        inputs: inputIds,
        newOutputs: stored.artifacts,
        metrics: result.metrics,
        children: result.children,
        logs,
      });
      emit({ type: 'nodeFinished', runId, nodeId, cached: false, outputs: refs(stored.outputs), durationMs: Date.now() - started });
      return { state: 'done', outputs: stored.outputs, executed: true };
    } catch (err) {
      const cancelled = env.signal.aborted || (err instanceof AppError && err.code === 'cancelled');
      if (!cancelled && retryable(err) && attempt <= env.retries) {
        appendLog('stderr', `attempt ${attempt} failed (${toErrorShape(err).message}); retrying`);
        continue;
      }
      const error = cancelled ? new OperationalError('cancelled', `Node ${nodeId} was cancelled`).toShape() : toErrorShape(err);
      finishExecution(db, { executionId, runId, nodeId, state: cancelled ? 'cancelled' : 'failed', durationMs: Date.now() - started, inputs: inputIds, logs, error });
      emit({ type: 'nodeFailed', runId, nodeId, error });
      return { state: cancelled ? 'cancelled' : 'failed', error };
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
  }

  function fail(err: unknown): NodeOutcome {
    const error = toErrorShape(err);
    startExecution(db, { id: executionId, runId, nodeId, component: plan.key, params: plan.params, code: plan.node.code, cacheKey: null, state: 'running' });
    finishExecution(db, { executionId, runId, nodeId, state: 'failed', durationMs: Date.now() - started, inputs: {}, error });
    emit({ type: 'nodeFailed', runId, nodeId, error });
    return { state: 'failed', error };
  }
}

function refs(outputs: Record<string, OutputRecord>): Record<string, OutputRef> {
  return Object.fromEntries(Object.entries(outputs).map(([p, o]) => [p, { artifactId: o.artifactId, sha256: o.sha256, type: o.type, size: o.size }]));
}

async function storeOutputs(
  env: NodeRunEnv,
  plan: NodePlan,
  result: ResultMessage,
  tmpDir: string,
): Promise<{ outputs: Record<string, OutputRecord>; artifacts: NewArtifact[] }> {
  const outputs: Record<string, OutputRecord> = {};
  const artifacts: NewArtifact[] = [];
  for (const [port, type] of Object.entries(plan.outputTypes)) {
    const value = result.outputs[port];
    if (!value) {
      throw new UserError('missing_output', `Node ${plan.id} finished without producing its output "${port}" (${type}). Declared outputs: ${Object.keys(plan.outputTypes).join(', ')}.`, {
        nodeId: plan.id,
        port,
      });
    }
    let stored;
    if ('file' in value) {
      const file = isAbsolute(value.file) ? value.file : join(tmpDir, value.file);
      // A component naming a file it never wrote is a bug in it, not a flaky disk: no retry.
      if (!existsSync(file)) throw new UnexpectedError('output_file_missing', `Node ${plan.id}: output "${port}" names ${file}, which does not exist`, { nodeId: plan.id, port });
      stored = await env.store.putFile(file);
    } else stored = await env.store.putJson(value.json);
    const meta = value.meta ?? {};
    const id = newId('art');
    artifacts.push({ id, port, type, uri: stored.path, sha256: stored.sha256, size: stored.size, properties: meta });
    outputs[port] = { artifactId: id, sha256: stored.sha256, type: type satisfies PortType, size: stored.size, meta };
  }
  return { outputs, artifacts };
}
