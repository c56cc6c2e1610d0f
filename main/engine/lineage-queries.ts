import { z } from 'zod';
import { UserError, errorShapeSchema } from '../../shared/errors';
import type { ArtifactRecord, ExecutionRecord, LineageGraph, RunDetail, RunRecord } from '../../shared/contracts/runs.contract';
import { executionStateSchema, runStatusSchema, runTriggerSchema } from '../../shared/contracts/runs.contract';
import type { Db } from '../db/database';
import { artifactRow, objectJson, parseJson, toArtifact } from './lineage-rows';

/** Read side of lineage: runs, executions and the walks up and down from an artifact. */
const executionRow = z.object({
  id: z.string(),
  run_id: z.string(),
  node_id: z.string(),
  component: z.string(),
  params: z.string(),
  code: z.string().nullable(),
  state: executionStateSchema,
  cache_key: z.string().nullable(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  host: z.string(),
  pid: z.number().nullable(),
  logs: z.string(),
  error: z.string().nullable(),
});
const eventRow = z.object({ execution_id: z.string(), artifact_id: z.string(), kind: z.enum(['input', 'output']), port: z.string() });

function toExecution(db: Db, r: z.infer<typeof executionRow>): ExecutionRecord & { logs: string } {
  const events = z.array(eventRow).parse(db.prepare('SELECT * FROM event WHERE execution_id = ?').all(r.id));
  const ports = (kind: 'input' | 'output') => Object.fromEntries(events.filter((e) => e.kind === kind).map((e) => [e.port, e.artifact_id]));
  const error = errorShapeSchema.safeParse(parseJson(r.error));
  return {
    id: r.id,
    runId: r.run_id,
    nodeId: r.node_id,
    component: r.component,
    params: parseJson(r.params),
    code: r.code,
    state: r.state,
    cacheKey: r.cache_key,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.duration_ms,
    host: r.host,
    pid: r.pid,
    error: error.success ? error.data : null,
    inputs: ports('input'),
    outputs: ports('output'),
    logs: r.logs,
  };
}

/** Accepts a full artifact id, a unique id prefix, or a sha256 (prefix) of its content. */
export function resolveArtifact(db: Db, ref: string): ArtifactRecord {
  const rows = z
    .array(artifactRow)
    .parse(db.prepare(`SELECT * FROM artifact WHERE id = ? OR id LIKE ? OR sha256 LIKE ? ORDER BY created_at LIMIT 50`).all(ref, `${ref}%`, `${ref}%`));
  const exact = rows.find((r) => r.id === ref);
  if (exact) return toArtifact(exact);
  const ids = new Set(rows.map((r) => r.id));
  const first = rows[0];
  if (!first || ref.length < 4) throw new UserError('artifact_not_found', `No artifact ${ref} in this workspace. List runs with \`nodebook runs\` to find artifact ids.`, { artifactId: ref });
  const shas = new Set(rows.map((r) => r.sha256));
  if (ids.size > 1 && shas.size > 1) throw new UserError('artifact_ambiguous', `${ref} matches ${ids.size} artifacts; give more characters.`, { artifactId: ref });
  return toArtifact(first);
}

function artifactById(db: Db, id: string): ArtifactRecord | undefined {
  const row = db.prepare('SELECT * FROM artifact WHERE id = ?').get(id);
  return row ? toArtifact(artifactRow.parse(row)) : undefined;
}

/**
 * Walks back from an artifact to its producing execution, that execution's inputs, and so on
 * to the source nodes. A cached execution only points at the original artifacts, so the walk
 * follows the execution that actually produced each artifact.
 */
export function upstreamLineage(db: Db, artifactRef: string): LineageGraph {
  const root = resolveArtifact(db, artifactRef);
  const producer = db.prepare(
    `SELECT x.* FROM event e JOIN execution x ON x.id = e.execution_id WHERE e.artifact_id = ? AND e.kind = 'output'
     ORDER BY CASE x.state WHEN 'done' THEN 0 ELSE 1 END, x.started_at LIMIT 1`,
  );
  return walk(db, root, (artifactId) => {
    const row = producer.get(artifactId);
    return row ? [toExecution(db, executionRow.parse(row))] : [];
  }, (x) => Object.values(x.inputs));
}

/** Walks forward: the executions that consumed an artifact, their outputs, and so on. */
export function downstreamUses(db: Db, artifactRef: string): LineageGraph {
  const root = resolveArtifact(db, artifactRef);
  const consumers = db.prepare(
    `SELECT x.* FROM event e JOIN execution x ON x.id = e.execution_id WHERE e.artifact_id = ? AND e.kind = 'input' ORDER BY x.started_at`,
  );
  return walk(db, root, (artifactId) => z.array(executionRow).parse(consumers.all(artifactId)).map((r) => toExecution(db, r)), (x) => Object.values(x.outputs));
}

function walk(
  db: Db,
  root: ArtifactRecord,
  next: (artifactId: string) => ExecutionRecord[],
  follow: (x: ExecutionRecord) => string[],
): LineageGraph {
  const artifacts = new Map<string, ArtifactRecord>([[root.id, root]]);
  const executions = new Map<string, ExecutionRecord>();
  const queue = [root.id];
  while (queue.length > 0 && executions.size < 5000) {
    const id = queue.shift();
    if (id === undefined) break;
    for (const x of next(id)) {
      if (executions.has(x.id)) continue;
      const { logs: _logs, ...rest } = { logs: '', ...x };
      executions.set(x.id, rest);
      for (const aid of follow(x)) {
        if (artifacts.has(aid)) continue;
        const a = artifactById(db, aid);
        if (a) {
          artifacts.set(aid, a);
          queue.push(aid);
        }
      }
    }
  }
  return { root: root.id, artifacts: [...artifacts.values()], executions: [...executions.values()] };
}

const runRow = z.object({
  id: z.string(),
  pipeline_name: z.string(),
  pipeline_path: z.string(),
  pipeline_text: z.string(),
  params: z.string(),
  trigger: runTriggerSchema,
  environment: z.string(),
  status: runStatusSchema,
  pid: z.number(),
  host: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
});

function toRunRecord(db: Db, r: z.infer<typeof runRow>): RunRecord {
  const counts = z
    .array(z.object({ state: z.string(), n: z.number() }))
    .parse(db.prepare('SELECT state, count(*) AS n FROM execution WHERE run_id = ? AND parent_id IS NULL GROUP BY state').all(r.id));
  return {
    id: r.id,
    pipelineName: r.pipeline_name,
    pipelinePath: r.pipeline_path,
    params: parseJson(r.params),
    trigger: r.trigger,
    status: r.status,
    pid: r.pid,
    host: r.host,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.duration_ms,
    counts: Object.fromEntries(counts.map((c) => [c.state, c.n])),
  };
}

export function listRuns(db: Db, filter: { pipeline?: string; limit?: number } = {}): RunRecord[] {
  const limit = filter.limit ?? 200;
  const rows = filter.pipeline
    ? db.prepare('SELECT * FROM run WHERE pipeline_name = ? OR pipeline_path = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(filter.pipeline, filter.pipeline, limit)
    : db.prepare('SELECT * FROM run ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit);
  return z.array(runRow).parse(rows).map((r) => toRunRecord(db, r));
}

export function getRun(db: Db, runId: string): RunDetail {
  const row = db.prepare('SELECT * FROM run WHERE id = ? OR id LIKE ? ORDER BY started_at DESC LIMIT 1').get(runId, `${runId}%`);
  if (!row) throw new UserError('run_not_found', `No run ${runId} in this workspace. \`nodebook runs\` lists them.`, { runId });
  const r = runRow.parse(row);
  const executions = z
    .array(executionRow)
    .parse(db.prepare('SELECT * FROM execution WHERE run_id = ? ORDER BY started_at, rowid').all(r.id))
    .map((x) => toExecution(db, x));
  const metrics = z
    .array(z.object({ node_id: z.string(), name: z.string(), value: z.number() }))
    .parse(db.prepare('SELECT node_id, name, value FROM run_metric WHERE run_id = ? ORDER BY node_id, name').all(r.id))
    .map((m) => ({ nodeId: m.node_id, name: m.name, value: m.value }));
  const artifacts = z
    .array(artifactRow)
    .parse(db.prepare('SELECT a.* FROM attribution t JOIN artifact a ON a.id = t.artifact_id WHERE t.context_id = ? ORDER BY a.created_at').all(r.id))
    .map(toArtifact);
  return { ...toRunRecord(db, r), pipelineText: r.pipeline_text, environment: objectJson(r.environment), executions, metrics, artifacts };
}

