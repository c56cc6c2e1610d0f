import { z } from 'zod';
import { errorShapeSchema } from '../errors';
import { portTypeSchema } from '../pipeline/component-info';
import { defineContract } from './contract';

export const runStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export const executionStateSchema = z.enum(['running', 'done', 'cached', 'failed', 'skipped', 'cancelled', 'interrupted']);
export const runTriggerSchema = z.enum(['cli', 'ui', 'schedule', 'api']);
export type RunStatus = z.infer<typeof runStatusSchema>;
export type ExecutionState = z.infer<typeof executionStateSchema>;
export type RunTrigger = z.infer<typeof runTriggerSchema>;

/** An output as events report it: a reference to a stored artifact, never the content. */
export const outputRefSchema = z.object({
  artifactId: z.string(),
  sha256: z.string(),
  type: portTypeSchema,
  size: z.number().int().nonnegative(),
});
export type OutputRef = z.infer<typeof outputRefSchema>;

const base = { runId: z.string() };
const node = { runId: z.string(), nodeId: z.string() };

/** Progress of a run, streamed to every UI and printed by `nodebook run`. */
export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('runStarted'), ...base, pipeline: z.string(), pipelinePath: z.string(), nodes: z.array(z.string()), trigger: runTriggerSchema }),
  z.object({ type: z.literal('nodeQueued'), ...node }),
  z.object({ type: z.literal('nodeStarted'), ...node, attempt: z.number().int().positive() }),
  z.object({ type: z.literal('nodeLog'), ...node, stream: z.enum(['stdout', 'stderr']), line: z.string() }),
  z.object({ type: z.literal('nodeProgress'), ...node, fraction: z.number().min(0).max(1), message: z.string().optional() }),
  z.object({
    type: z.literal('nodeFinished'),
    ...node,
    cached: z.boolean(),
    outputs: z.record(z.string(), outputRefSchema),
    durationMs: z.number().nonnegative(),
  }),
  z.object({ type: z.literal('nodeFailed'), ...node, error: errorShapeSchema }),
  z.object({ type: z.literal('nodeSkipped'), ...node, reason: z.string() }),
  z.object({ type: z.literal('runFinished'), ...base, status: z.enum(['succeeded', 'failed', 'cancelled']), durationMs: z.number().nonnegative() }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

export const nodeSummarySchema = z.object({
  state: z.enum(['done', 'cached', 'failed', 'skipped']),
  outputs: z.record(z.string(), z.object({ artifact: z.string(), sha256: z.string() })),
  error: errorShapeSchema.optional(),
});
export const runSummarySchema = z.object({
  runId: z.string(),
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  nodes: z.record(z.string(), nodeSummarySchema),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const artifactRecordSchema = z.object({
  id: z.string(),
  type: z.string(),
  uri: z.string(),
  sha256: z.string(),
  size: z.number(),
  properties: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type ArtifactRecord = z.infer<typeof artifactRecordSchema>;

export const executionRecordSchema = z.object({
  id: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  component: z.string(),
  params: z.unknown(),
  code: z.string().nullable(),
  state: executionStateSchema,
  cacheKey: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  host: z.string(),
  pid: z.number().nullable(),
  error: errorShapeSchema.nullable(),
  /** port → artifact id */
  inputs: z.record(z.string(), z.string()),
  outputs: z.record(z.string(), z.string()),
});
export type ExecutionRecord = z.infer<typeof executionRecordSchema>;

export const runRecordSchema = z.object({
  id: z.string(),
  pipelineName: z.string(),
  pipelinePath: z.string(),
  params: z.unknown(),
  trigger: runTriggerSchema,
  status: runStatusSchema,
  pid: z.number(),
  host: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** node states counted, e.g. {done: 3, cached: 2} */
  counts: z.record(z.string(), z.number()),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const runDetailSchema = runRecordSchema.extend({
  pipelineText: z.string(),
  environment: z.record(z.string(), z.unknown()),
  executions: z.array(executionRecordSchema.extend({ logs: z.string() })),
  metrics: z.array(z.object({ nodeId: z.string(), name: z.string(), value: z.number() })),
  artifacts: z.array(artifactRecordSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

/** A lineage graph around one artifact: the records reached, linked by the executions' port maps. */
export const lineageGraphSchema = z.object({
  root: z.string(),
  artifacts: z.array(artifactRecordSchema),
  executions: z.array(executionRecordSchema),
});
export type LineageGraph = z.infer<typeof lineageGraphSchema>;

export const artifactPreviewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('table'),
    artifact: artifactRecordSchema,
    schema: z.array(z.object({ name: z.string(), type: z.string() })),
    rowCount: z.number(),
    offset: z.number(),
    rows: z.array(z.record(z.string(), z.unknown())),
  }),
  z.object({ kind: z.literal('json'), artifact: artifactRecordSchema, value: z.unknown() }),
  z.object({ kind: z.literal('binary'), artifact: artifactRecordSchema }),
]);
export type ArtifactPreview = z.infer<typeof artifactPreviewSchema>;

export const runsContract = defineContract({
  name: 'runs',
  methods: {
    start: {
      description: 'Starts a run of a pipeline file; progress arrives as events. Fails at once (nothing runs) if the pipeline is invalid.',
      args: z.object({
        pipeline: z.string().min(1).describe('workspace-relative or absolute path of the pipeline file'),
        params: z.record(z.string(), z.unknown()).optional(),
        nodes: z.array(z.string()).optional(),
        force: z.union([z.boolean(), z.array(z.string())]).optional(),
      }),
      result: z.object({ runId: z.string() }),
    },
    cancel: {
      description: 'Cancels a run started by this process: kills its workers and marks it cancelled.',
      args: z.object({ runId: z.string() }),
      result: z.object({ cancelled: z.boolean() }),
    },
    list: {
      description: 'Runs, newest first.',
      args: z.object({ pipeline: z.string().optional(), limit: z.number().int().positive().max(1000).default(200) }),
      result: z.array(runRecordSchema),
    },
    get: {
      description: 'One run with its executions, metrics and artifacts.',
      args: z.object({ runId: z.string() }),
      result: runDetailSchema,
    },
    lineage: {
      description: 'What produced an artifact (back to source files) and what used it.',
      args: z.object({ artifactId: z.string() }),
      result: z.object({ upstream: lineageGraphSchema, downstream: lineageGraphSchema }),
    },
    artifactPreview: {
      description: 'A page of a table artifact (schema, row count, rows via DuckDB) or the value of a JSON artifact.',
      args: z.object({ artifactId: z.string(), offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(1000).default(100) }),
      result: artifactPreviewSchema,
    },
  },
  events: runEventSchema,
});
