import { hostname } from 'node:os';
import { z } from 'zod';
import type { ErrorShape } from '../../shared/errors';
import type { ChildExecution } from './component';
import type { ArtifactRecord, ExecutionState, RunStatus, RunTrigger } from '../../shared/contracts/runs.contract';
import type { Db } from '../db/database';
import { artifactRow, toArtifact } from './lineage-rows';

export { downstreamUses, getRun, listRuns, resolveArtifact, upstreamLineage } from './lineage-queries';

/**
 * Lineage records (ML Metadata model) in the workspace database. Every write is one short
 * IMMEDIATE transaction: several CLI processes may share the database, and holding the write
 * lock across a node's execution would serialise them.
 */
const now = () => new Date().toISOString();
const json = (v: unknown) => JSON.stringify(v ?? null);

export interface NewRun {
  readonly id: string;
  readonly pipelineName: string;
  readonly pipelinePath: string;
  readonly pipelineText: string;
  readonly params: unknown;
  readonly trigger: RunTrigger;
  readonly environment: Record<string, unknown>;
}

export function createRun(db: Db, run: NewRun): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO run (id, pipeline_name, pipeline_path, pipeline_text, params, trigger, environment, status, pid, host, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
    ).run(run.id, run.pipelineName, run.pipelinePath, run.pipelineText, json(run.params), run.trigger, json(run.environment), process.pid, hostname(), now());
    db.prepare(`INSERT INTO context (id, kind, name, properties) VALUES (?, 'run', ?, ?)`).run(run.id, run.pipelineName, json({ path: run.pipelinePath }));
  }).immediate();
}

export function updateRunEnvironment(db: Db, runId: string, environment: Record<string, unknown>): void {
  db.prepare('UPDATE run SET environment = ? WHERE id = ?').run(json(environment), runId);
}

export function finishRun(db: Db, runId: string, status: RunStatus, durationMs: number): void {
  db.prepare(`UPDATE run SET status = ?, ended_at = ?, duration_ms = ? WHERE id = ? AND status = 'running'`).run(status, now(), Math.round(durationMs), runId);
}

export interface NewExecution {
  readonly id: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly component: string;
  readonly params: unknown;
  readonly code: string | undefined;
  readonly cacheKey: string | null;
  readonly state: ExecutionState;
  readonly pid?: number;
}

export function startExecution(db: Db, e: NewExecution): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO execution (id, run_id, node_id, component, params, code, state, cache_key, started_at, host, pid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(e.id, e.runId, e.nodeId, e.component, json(e.params), e.code ?? null, e.state, e.cacheKey, now(), hostname(), e.pid ?? null);
    db.prepare('INSERT INTO association (execution_id, context_id) VALUES (?, ?)').run(e.id, e.runId);
  }).immediate();
}

export function setExecutionPid(db: Db, executionId: string, pid: number): void {
  db.prepare('UPDATE execution SET pid = ? WHERE id = ?').run(pid, executionId);
}

export interface NewArtifact {
  readonly id: string;
  readonly port: string;
  readonly type: string;
  readonly uri: string;
  readonly sha256: string;
  readonly size: number;
  readonly properties: Record<string, unknown>;
}

export interface ExecutionEnd {
  readonly executionId: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly state: ExecutionState;
  readonly durationMs: number;
  /** port → artifact id consumed */
  readonly inputs: Readonly<Record<string, string>>;
  /** Newly stored outputs (a done execution). */
  readonly newOutputs?: readonly NewArtifact[];
  /** port → existing artifact id (a cached execution reuses the original's artifacts). */
  readonly reusedOutputs?: Readonly<Record<string, string>>;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly logs?: string;
  readonly error?: ErrorShape;
  /** Child executions (e.g. tuning trials), recorded under this one as `<node>/<name>`. */
  readonly children?: readonly ChildExecution[];
}

/** Closes an execution and writes its events, artifacts, links and metrics in one transaction. */
export function finishExecution(db: Db, end: ExecutionEnd): void {
  db.transaction(() => {
    db.prepare('UPDATE execution SET state = ?, ended_at = ?, duration_ms = ?, logs = ?, error = ? WHERE id = ?').run(
      end.state,
      now(),
      Math.round(end.durationMs),
      end.logs ?? '',
      end.error ? json(end.error) : null,
      end.executionId,
    );
    const event = db.prepare('INSERT OR IGNORE INTO event (execution_id, artifact_id, kind, port) VALUES (?, ?, ?, ?)');
    const attribute = db.prepare('INSERT OR IGNORE INTO attribution (artifact_id, context_id) VALUES (?, ?)');
    for (const [port, artifactId] of Object.entries(end.inputs)) event.run(end.executionId, artifactId, 'input', port);
    const insertArtifact = db.prepare('INSERT INTO artifact (id, type, uri, sha256, size, properties, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const a of end.newOutputs ?? []) {
      insertArtifact.run(a.id, a.type, a.uri, a.sha256, a.size, json(a.properties), now());
      event.run(end.executionId, a.id, 'output', a.port);
      attribute.run(a.id, end.runId);
    }
    for (const [port, artifactId] of Object.entries(end.reusedOutputs ?? {})) {
      event.run(end.executionId, artifactId, 'output', port);
      attribute.run(artifactId, end.runId);
    }
    const metric = db.prepare('INSERT OR REPLACE INTO run_metric (run_id, node_id, name, value) VALUES (?, ?, ?, ?)');
    for (const [name, value] of Object.entries(end.metrics ?? {})) if (Number.isFinite(value)) metric.run(end.runId, end.nodeId, name, value);
    recordChildren(db, end);
  }).immediate();
}

function recordChildren(db: Db, end: ExecutionEnd): void {
  if (!end.children?.length) return;
  const metric = db.prepare('INSERT OR REPLACE INTO run_metric (run_id, node_id, name, value) VALUES (?, ?, ?, ?)');
  const insert = db.prepare(
    `INSERT INTO execution (id, run_id, node_id, component, params, state, started_at, ended_at, duration_ms, host, error, parent_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const associate = db.prepare('INSERT INTO association (execution_id, context_id) VALUES (?, ?)');
  const ended = now();
  for (const child of end.children) {
    const id = `${end.executionId}.${child.name}`;
    const nodeId = `${end.nodeId}/${child.name}`;
    const error = child.error === undefined ? null : json({ name: 'UserError', code: 'child_failed', message: child.error });
    insert.run(id, end.runId, nodeId, child.component, json(child.params), child.state, ended, ended, Math.round(child.durationMs), hostname(), error, end.executionId);
    associate.run(id, end.runId);
    for (const [name, value] of Object.entries(child.metrics)) if (Number.isFinite(value)) metric.run(end.runId, nodeId, name, value);
  }
}

/**
 * The artifact row for a workspace file a node read (its uri is the file, not the store).
 * One row per distinct content of a path, so lineage tells which version of the data was used.
 */
export function sourceArtifact(db: Db, file: { id: string; uri: string; rel: string; sha256: string; size: number }): string {
  const existing = db.prepare(`SELECT id FROM artifact WHERE uri = ? AND sha256 = ? AND type = 'source' LIMIT 1`).pluck().get(file.uri, file.sha256);
  if (typeof existing === 'string') return existing;
  db.prepare('INSERT INTO artifact (id, type, uri, sha256, size, properties, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    file.id,
    'source',
    file.uri,
    file.sha256,
    file.size,
    json({ path: file.rel }),
    now(),
  );
  return file.id;
}

export interface CachedOutputs {
  readonly executionId: string;
  readonly outputs: Record<string, ArtifactRecord>;
}

/**
 * The newest `done` execution with this cache key whose outputs are all still in the store
 * (an artifact folder may have been pruned by hand) and cover every expected port.
 */
export function findCached(db: Db, cacheKey: string, ports: readonly string[], exists: (sha256: string) => boolean): CachedOutputs | undefined {
  const executions = db
    .prepare(`SELECT id FROM execution WHERE cache_key = ? AND state = 'done' ORDER BY ended_at DESC LIMIT 20`)
    .pluck()
    .all(cacheKey);
  const outputsOf = db.prepare(
    `SELECT e.port, a.* FROM event e JOIN artifact a ON a.id = e.artifact_id WHERE e.execution_id = ? AND e.kind = 'output'`,
  );
  for (const id of z.array(z.string()).parse(executions)) {
    const rows = z.array(artifactRow.extend({ port: z.string() })).parse(outputsOf.all(id));
    const outputs: Record<string, ArtifactRecord> = {};
    for (const row of rows) outputs[row.port] = toArtifact(row);
    if (ports.every((p) => outputs[p] && exists(outputs[p].sha256))) return { executionId: id, outputs };
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the pid exists but belongs to someone else — alive for our purposes.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs left `running` by a process that died (kill -9, power loss) become `interrupted`, with
 * their running executions. Only runs of this host are judged: a pid means nothing elsewhere.
 */
export function markInterruptedRuns(db: Db): string[] {
  const rows = z
    .array(z.object({ id: z.string(), pid: z.number() }))
    .parse(db.prepare(`SELECT id, pid FROM run WHERE status = 'running' AND host = ?`).all(hostname()));
  const dead = rows.filter((r) => r.pid !== process.pid && !isAlive(r.pid)).map((r) => r.id);
  if (dead.length === 0) return [];
  db.transaction(() => {
    for (const id of dead) {
      db.prepare(`UPDATE run SET status = 'interrupted', ended_at = ? WHERE id = ? AND status = 'running'`).run(now(), id);
      db.prepare(`UPDATE execution SET state = 'interrupted', ended_at = ? WHERE run_id = ? AND state = 'running'`).run(now(), id);
    }
  }).immediate();
  return dead;
}
