import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../../shared/errors';
import type { OnnxGraph } from './onnx/graph';
import type { ModelSignature } from './onnx/read';
import { readModelInfo } from './onnx/read';
import type { Preprocessor } from './preprocess';

/**
 * The metadata every Nodebook model carries in its ONNX metadata_props (main/ml/README.md),
 * and writing a finished graph as a `model` output.
 */

export const taskSchema = z.enum(['binary', 'multiclass', 'regression']);
export type Task = z.infer<typeof taskSchema>;

const featureSchema = z.object({ name: z.string(), type: z.enum(['numeric', 'categorical']) });

export interface ModelMeta {
  readonly task: Task;
  readonly target: string;
  readonly features: readonly { name: string; type: 'numeric' | 'categorical' }[];
  /** Class labels in the order of the probability columns (strings; int64 labels in decimal). Empty for regression. */
  readonly classes: readonly string[];
  readonly labelType?: 'int64' | 'string';
  /** The component key, e.g. train.logistic@1. */
  readonly trainer: string;
  /** The pipeline node that trained it. */
  readonly node: string;
  readonly preprocessor?: Preprocessor;
  /** More metadata_props, e.g. hyperparameters. */
  readonly extra?: Readonly<Record<string, string>>;
}

export function metadataProps(meta: ModelMeta): Record<string, string> {
  return {
    'nodebook.task': meta.task,
    'nodebook.target': meta.target,
    'nodebook.features': JSON.stringify(meta.features),
    'nodebook.classes': JSON.stringify(meta.classes),
    'nodebook.label_type': meta.labelType ?? (meta.task === 'regression' ? '' : 'string'),
    'nodebook.trainer': meta.trainer,
    'nodebook.node': meta.node,
    ...(meta.preprocessor ? { 'nodebook.preprocessor': JSON.stringify(meta.preprocessor) } : {}),
    ...meta.extra,
  };
}

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((s, ctx) => {
    try {
      return JSON.parse(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

const metadataSchema = z.object({
  'nodebook.task': taskSchema,
  'nodebook.target': z.string(),
  'nodebook.features': jsonOf(z.array(featureSchema)),
  'nodebook.classes': jsonOf(z.array(z.union([z.string(), z.number()]).transform(String))),
  'nodebook.trainer': z.string().default(''),
  'nodebook.node': z.string().default(''),
});

export interface ParsedModelMeta {
  readonly task: Task;
  readonly target: string;
  readonly features: { name: string; type: 'numeric' | 'categorical' }[];
  readonly classes: string[];
  readonly trainer: string;
  readonly node: string;
}

/** Reads Nodebook's metadata from a model's metadata_props; a model without it is a UserError. */
export function parseModelMeta(metadata: Record<string, string>, what = 'model'): ParsedModelMeta {
  const parsed = metadataSchema.safeParse(metadata);
  if (!parsed.success) {
    const keys = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new UserError('bad_model', `${what}: not a Nodebook model (metadata ${keys} missing or invalid); train it with a train.* component`);
  }
  const m = parsed.data;
  return { task: m['nodebook.task'], target: m['nodebook.target'], features: m['nodebook.features'], classes: m['nodebook.classes'], trainer: m['nodebook.trainer'], node: m['nodebook.node'] };
}

export interface WrittenModel {
  readonly file: string;
  readonly meta: {
    readonly format: 'onnx';
    readonly signature: ModelSignature;
    readonly task: Task;
    readonly target: string;
    readonly features: readonly { name: string; type: 'numeric' | 'categorical' }[];
    readonly classes: readonly string[];
    readonly trainer: string;
    readonly opsets: Record<string, number>;
    readonly bytes: number;
  };
}

/** Serializes the graph with Nodebook's metadata and returns the `model` output value. */
export async function writeModel(graph: OnnxGraph, meta: ModelMeta, path: string, options: { opsets?: Record<string, number>; docString?: string } = {}): Promise<WrittenModel> {
  const bytes = graph.toModel({
    opsets: options.opsets ?? { '': 13, 'ai.onnx.ml': 3 },
    irVersion: 8,
    metadata: metadataProps(meta),
    producer: 'nodebook',
    ...(options.docString ? { docString: options.docString } : {}),
  });
  await writeFile(path, bytes);
  const info = readModelInfo(bytes);
  return {
    file: path,
    meta: {
      format: 'onnx',
      signature: info.signature,
      task: meta.task,
      target: meta.target,
      features: meta.features,
      classes: meta.classes,
      trainer: meta.trainer,
      opsets: info.opsets,
      bytes: bytes.length,
    },
  };
}
