import { z } from 'zod';
import type { ElemType } from './graph';
import { elemTypeCode } from './graph';
import { ModelProto } from './schema';

export interface TensorSpec {
  readonly name: string;
  readonly dtype: ElemType | 'unknown';
  /** Fixed sizes as numbers, symbolic ones (the batch) as their name, unknown as null. */
  readonly shape: (number | string | null)[];
}

/** The declared interface of a model: what a caller feeds and what comes back. */
export interface ModelSignature {
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];
}

export interface ModelInfo {
  readonly signature: ModelSignature;
  readonly metadata: Record<string, string>;
  readonly opsets: Record<string, number>;
  readonly irVersion: number;
  readonly producer: string;
}

const dimSchema = z.object({ dimValue: z.number().optional(), dimParam: z.string().optional() });
const valueInfoSchema = z.object({
  name: z.string(),
  type: z
    .object({
      tensorType: z.object({ elemType: z.number().default(0), shape: z.object({ dim: z.array(dimSchema).default([]) }).optional() }).optional(),
    })
    .optional(),
});
const modelSchema = z.object({
  irVersion: z.number().default(0),
  producerName: z.string().default(''),
  opsetImport: z.array(z.object({ domain: z.string().default(''), version: z.number() })).default([]),
  metadataProps: z.array(z.object({ key: z.string(), value: z.string().default('') })).default([]),
  graph: z.object({ input: z.array(valueInfoSchema).default([]), output: z.array(valueInfoSchema).default([]) }),
});

const elemTypes = ['float', 'double', 'int64', 'int32', 'string', 'bool'] as const;
const dtypeByCode = new Map<number, ElemType>(elemTypes.map((t) => [elemTypeCode[t], t]));

function tensorSpec(v: z.infer<typeof valueInfoSchema>): TensorSpec {
  const t = v.type?.tensorType;
  return {
    name: v.name,
    dtype: dtypeByCode.get(t?.elemType ?? 0) ?? 'unknown',
    shape: (t?.shape?.dim ?? []).map((d) => d.dimValue ?? d.dimParam ?? null),
  };
}

/** Reads a model's signature and metadata_props from its bytes, without creating a session. */
export function readModelInfo(bytes: Uint8Array): ModelInfo {
  const decoded = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false, arrays: true });
  const m = modelSchema.parse(decoded);
  return {
    signature: {
      inputs: m.graph.input.map(tensorSpec),
      outputs: m.graph.output.map(tensorSpec),
    },
    metadata: Object.fromEntries(m.metadataProps.map((p) => [p.key, p.value])),
    opsets: Object.fromEntries(m.opsetImport.map((o) => [o.domain, o.version])),
    irVersion: m.irVersion,
    producer: m.producerName,
  };
}
