import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { OperationalError, UserError } from '../../shared/errors';
import type { ArtifactPreview, RunEvent, runsContract } from '../../shared/contracts/runs.contract';
import { countRows, readTableExpr, tableSchema, withDuck } from '../components/duck';
import type { Db } from '../db/database';
import { FsArtifactStore } from '../engine/artifact-store';
import type { ComponentRegistry } from '../engine/component';
import { prepareRun } from '../engine/executor';
import { downstreamUses, getRun, listRuns, markInterruptedRuns, resolveArtifact, upstreamLineage } from '../engine/lineage';
import { sweepTmp } from '../engine/tmp-sweep';
import type { ServiceImpl } from '../rpc/service';
import type { Workspace } from '../workspace/workspace';

export interface RunsServiceDeps {
  /** The open workspace; throws a UserError 'no_workspace' when none is. */
  readonly workspace: () => Workspace;
  readonly registry: ComponentRegistry;
  readonly emit: (e: RunEvent) => void;
  /** Extra component modules the workers load (plugins). */
  readonly componentModules?: readonly string[];
  /** Receives a function that cancels every active run and waits for it to settle (app shutdown). */
  readonly onDrain?: (drain: () => Promise<void>) => void;
}

/** JSON artifacts above this size are not inlined in a preview. */
const MAX_JSON_PREVIEW = 5 * 1024 * 1024;
const JSON_TYPES = new Set(['metrics', 'value', 'figure']);

export function createRunsService(deps: RunsServiceDeps): ServiceImpl<typeof runsContract> {
  const active = new Map<string, AbortController>();
  const settling = new Set<Promise<unknown>>();
  deps.onDrain?.(async () => {
    for (const controller of active.values()) controller.abort();
    await Promise.allSettled([...settling]);
  });
  const checked = new WeakSet<Db>();
  // A process that died mid-run left its runs `running`; settle them once per opened database.
  const workspace = (): Workspace => {
    const ws = deps.workspace();
    if (!checked.has(ws.db)) {
      checked.add(ws.db);
      markInterruptedRuns(ws.db);
      sweepTmp(ws.db, ws.paths.tmp);
    }
    return ws;
  };
  try {
    workspace();
  } catch {
    // No workspace yet: checked when one is first used.
  }

  return {
    async start(args) {
      const ws = workspace();
      const controller = new AbortController();
      const prepared = prepareRun({
        workspace: ws,
        registry: deps.registry,
        pipelinePath: args.pipeline,
        overrides: args.params,
        targetNodes: args.nodes,
        force: args.force,
        trigger: 'ui',
        signal: controller.signal,
        onEvent: deps.emit,
        componentModules: deps.componentModules,
      });
      active.set(prepared.runId, controller);
      const running = prepared
        .start()
        .catch((err: unknown) => console.error(`[nodebook] run ${prepared.runId} failed to complete:`, err))
        .finally(() => {
          active.delete(prepared.runId);
          settling.delete(running);
        });
      settling.add(running);
      return { runId: prepared.runId };
    },

    async cancel({ runId }) {
      const controller = active.get(runId);
      if (controller) {
        controller.abort();
        return { cancelled: true };
      }
      // A run started elsewhere on this machine (`nodebook run`): its CLI treats SIGTERM as cancel.
      const run = getRun(workspace().db, runId);
      if (run.status !== 'running' || run.host !== hostname() || run.pid === process.pid) return { cancelled: false };
      try {
        process.kill(run.pid, 'SIGTERM');
        return { cancelled: true };
      } catch {
        return { cancelled: false };
      }
    },

    async list(args) {
      return listRuns(workspace().db, { pipeline: args.pipeline, limit: args.limit });
    },

    async get({ runId }) {
      return getRun(workspace().db, runId);
    },

    async lineage({ artifactId }) {
      const db = workspace().db;
      return { upstream: upstreamLineage(db, artifactId), downstream: downstreamUses(db, artifactId) };
    },

    async artifactPreview({ artifactId, offset, limit }) {
      const ws = workspace();
      const artifact = resolveArtifact(ws.db, artifactId);
      const store = new FsArtifactStore(ws.paths);
      if (!store.has(artifact.sha256)) {
        throw new UserError('artifact_missing', `The content of artifact ${artifact.id} is no longer in ${ws.paths.artifacts}; re-run the pipeline that made it.`, {
          artifactId: artifact.id,
        });
      }
      const path = store.pathOf(artifact.sha256);
      return previewFile(artifact, path, offset, limit);
    },
  };
}

async function previewFile(artifact: ArtifactPreview['artifact'], path: string, offset: number, limit: number): Promise<ArtifactPreview> {
  if (artifact.type === 'table') {
    try {
      return await withDuck(async (conn) => {
        const relation = readTableExpr(path);
        const schema = await tableSchema(conn, relation);
        const rowCount = await countRows(conn, relation);
        // Only one page crosses to the UI, however large the table.
        const reader = await conn.runAndReadAll(`SELECT * FROM ${relation} LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`);
        const rows = z.array(z.record(z.string(), z.unknown())).parse(reader.getRowObjectsJson());
        return { kind: 'table', artifact, schema, rowCount, offset, rows };
      });
    } catch (err) {
      throw new OperationalError('preview_failed', `Cannot read table artifact ${artifact.id}: ${(err as Error).message}`, { artifactId: artifact.id });
    }
  }
  if (JSON_TYPES.has(artifact.type) && artifact.size <= MAX_JSON_PREVIEW && existsSync(path)) {
    try {
      const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
      return { kind: 'json', artifact, value };
    } catch {
      // A figure may be a PNG: fall through to the binary description.
    }
  }
  return { kind: 'binary', artifact };
}
