import { AttributeType, DataType, ModelProto } from './schema';

/** Tensor element types the builder writes (ONNX TensorProto.DataType). */
export type ElemType = 'float' | 'double' | 'int64' | 'int32' | 'string' | 'bool';

export const elemTypeCode: Record<ElemType, number> = {
  float: DataType.FLOAT,
  double: DataType.DOUBLE,
  int64: DataType.INT64,
  int32: DataType.INT32,
  string: DataType.STRING,
  bool: DataType.BOOL,
};

/** A dimension: a fixed size, or a symbolic name such as 'N' for the batch. */
export type Dim = number | string;

/** A node attribute with its ONNX type spelled out (a bare `1` would be ambiguous: INT or FLOAT). */
export type Attr =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'floats'; readonly value: ArrayLike<number> }
  | { readonly kind: 'ints'; readonly value: ArrayLike<number> }
  | { readonly kind: 'strings'; readonly value: readonly string[] };

export const attr = {
  float: (value: number): Attr => ({ kind: 'float', value }),
  int: (value: number): Attr => ({ kind: 'int', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
  floats: (value: ArrayLike<number>): Attr => ({ kind: 'floats', value }),
  ints: (value: ArrayLike<number>): Attr => ({ kind: 'ints', value }),
  strings: (value: readonly string[]): Attr => ({ kind: 'strings', value }),
};

/** Initializer data: typed arrays pick their element type; string arrays are STRING tensors. */
export type TensorData = Float32Array | Float64Array | BigInt64Array | Int32Array | readonly string[];

export interface ModelOptions {
  /** Opset per domain: '' is the default ONNX domain, 'ai.onnx.ml' the traditional-ML ops. */
  readonly opsets?: Record<string, number>;
  /** ≤ 10: onnxruntime-node 1.30 refuses newer IR versions. */
  readonly irVersion?: number;
  readonly metadata?: Record<string, string>;
  readonly producer?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
}

interface ValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: ({ dimValue: number } | { dimParam: string })[] } } };
}

const encoder = new TextEncoder();

function valueInfo(name: string, elemType: ElemType, shape: readonly Dim[]): ValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: elemTypeCode[elemType],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attributeProto(name: string, a: Attr): Record<string, unknown> {
  switch (a.kind) {
    case 'float':
      return { name, type: AttributeType.FLOAT, f: a.value };
    case 'int':
      return { name, type: AttributeType.INT, i: a.value };
    case 'string':
      return { name, type: AttributeType.STRING, s: encoder.encode(a.value) };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: Array.from(a.value) };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: Array.from(a.value) };
    case 'strings':
      return { name, type: AttributeType.STRINGS, strings: a.value.map((s) => encoder.encode(s)) };
  }
}

function tensorProto(name: string, data: TensorData, dims: readonly number[]): Record<string, unknown> {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`initializer ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
  const base = { name, dims: [...dims] };
  if (data instanceof Float32Array) return { ...base, dataType: DataType.FLOAT, floatData: Array.from(data) };
  if (data instanceof Float64Array) return { ...base, dataType: DataType.DOUBLE, doubleData: Array.from(data) };
  if (data instanceof Int32Array) return { ...base, dataType: DataType.INT32, int32Data: Array.from(data) };
  if (data instanceof BigInt64Array) return { ...base, dataType: DataType.INT64, int64Data: Array.from(data, (v) => Number(v)) };
  return { ...base, dataType: DataType.STRING, stringData: data.map((s) => encoder.encode(s)) };
}

/**
 * A small ONNX graph builder. Names are the graph's value names; `fresh` hands out unique
 * intermediate names so composed pieces (preprocessing, then a model head) never collide.
 */
export class OnnxGraph {
  readonly name: string;
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly initializers: Record<string, unknown>[] = [];
  private readonly nodes: Record<string, unknown>[] = [];
  /** Every name handed out or declared, so `fresh` never collides. */
  private readonly used = new Set<string>();
  /** Names declared as inputs or initializers; declaring one twice is a bug. */
  private readonly declared = new Set<string>();
  private counter = 0;

  constructor(name: string) {
    this.name = name;
  }

  /** A value name not used yet, derived from `hint`. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.declared.has(name)) throw new Error(`ONNX value name "${name}" is used twice`);
    this.declared.add(name);
    this.used.add(name);
    return name;
  }

  input(name: string, elemType: ElemType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), elemType, shape));
    return name;
  }

  /** Declares a graph output; the value must be produced by a node (or be an input). */
  output(name: string, elemType: ElemType, shape: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, elemType, shape));
    return name;
  }

  initializer(name: string, data: TensorData, dims: readonly number[]): string {
    this.initializers.push(tensorProto(this.claim(name), data, dims));
    return name;
  }

  /** Adds a node; returns its output names. `domain` is '' (default ONNX) or e.g. 'ai.onnx.ml'. */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attrs: Record<string, Attr> = {}, domain = ''): string[] {
    for (const o of outputs) this.used.add(o);
    this.nodes.push({
      opType,
      domain,
      name: this.fresh(`${opType}_node`),
      input: [...inputs],
      output: [...outputs],
      attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
    });
    return [...outputs];
  }

  toModel(options: ModelOptions = {}): Uint8Array {
    const irVersion = options.irVersion ?? 8;
    if (irVersion > 10) throw new Error(`IR version ${irVersion}: onnxruntime-node accepts at most 10`);
    const opsets = options.opsets ?? { '': 13, 'ai.onnx.ml': 3 };
    const model = {
      irVersion,
      producerName: options.producer ?? 'nodebook',
      producerVersion: options.producerVersion ?? '1',
      docString: options.docString ?? '',
      opsetImport: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    const err = ModelProto.verify(model);
    if (err) throw new Error(`ONNX model does not verify: ${err}`);
    return ModelProto.encode(ModelProto.fromObject(model)).finish();
  }
}
