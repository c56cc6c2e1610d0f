import { z } from 'zod';
import { errorShapeSchema } from '../../shared/errors';
import { portTypeSchema } from '../../shared/pipeline/component-info';

/**
 * Messages between the engine and a node's worker process. Both sides parse what they
 * receive with these schemas: a worker is a separate program and may be a different build.
 */
export const inputArtifactSchema = z.object({
  type: portTypeSchema,
  path: z.string(),
  sha256: z.string(),
  meta: z.record(z.string(), z.unknown()),
});

export const workerTaskSchema = z.object({
  componentKey: z.string(),
  nodeId: z.string(),
  params: z.unknown(),
  code: z.string().optional(),
  inputs: z.record(z.string(), inputArtifactSchema),
  outputs: z.record(z.string(), portTypeSchema),
  workspaceDir: z.string(),
  tmpDir: z.string(),
  python: z.string(),
  /** The workspace's concurrency limit, as RunContext.concurrency. */
  concurrency: z.number().int().min(1).default(1),
  /** Absolute module paths whose exported components are registered too (plugins, test fixtures). */
  componentModules: z.array(z.string()).default([]),
  /**
   * Stay for another task after this one instead of exiting (SerialWorker: the trials of one
   * tune.search node share a process, so each trial does not pay for starting Node and DuckDB).
   */
  keepAlive: z.boolean().default(false),
});
export type WorkerTask = z.input<typeof workerTaskSchema>;

export const toWorkerSchema = z.discriminatedUnion('type', [
  /** Sent to a spare worker right after it starts: import the components while idle. */
  z.object({ type: z.literal('preload'), componentModules: z.array(z.string()), builtin: z.boolean() }),
  z.object({ type: z.literal('task'), task: workerTaskSchema }),
  z.object({ type: z.literal('cancel') }),
]);
export type ToWorker = z.input<typeof toWorkerSchema>;

const metaSchema = z.record(z.string(), z.unknown()).optional();
export const outputValueSchema = z.union([
  z.object({ file: z.string(), meta: metaSchema }),
  z.object({ json: z.unknown(), meta: metaSchema }),
]);

export const childExecutionSchema = z.object({
  name: z.string().min(1),
  component: z.string(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
  state: z.enum(['done', 'failed']),
  durationMs: z.number().nonnegative(),
  error: z.string().optional(),
});

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('log'), stream: z.enum(['stdout', 'stderr']), line: z.string() }),
  z.object({ type: z.literal('progress'), fraction: z.number(), message: z.string().optional() }),
  z.object({
    type: z.literal('result'),
    outputs: z.record(z.string(), outputValueSchema),
    metrics: z.record(z.string(), z.number()).default({}),
    warnings: z.array(z.string()).default([]),
    children: z.array(childExecutionSchema).default([]),
  }),
  z.object({ type: z.literal('error'), error: errorShapeSchema }),
]);
export type FromWorker = z.output<typeof fromWorkerSchema>;
export type FromWorkerIn = z.input<typeof fromWorkerSchema>;
