import { z } from 'zod';
import type { ComponentInfo, PortSpecInput, PortType } from '../../shared/pipeline/component-info';
import { portSpecSchema } from '../../shared/pipeline/component-info';

/** An input artifact as a component sees it inside a worker: a read-only file plus facts. */
export interface InputArtifact {
  readonly type: PortType;
  /** Absolute path of the artifact's content (Parquet for tables, JSON for metrics/value/figure, ONNX for models). */
  readonly path: string;
  readonly sha256: string;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** What a component returns for an output port. The runtime stores it as a content-addressed artifact. */
export type OutputValue =
  /** A file the component wrote (inside ctx.tmpDir). Tables are zstd Parquet, models ONNX. */
  | { readonly file: string; readonly meta?: Record<string, unknown> }
  /** A JSON value (metrics, value, Plotly figure); stored as canonical JSON. */
  | { readonly json: unknown; readonly meta?: Record<string, unknown> };

/**
 * Work a component did inside its execution that lineage should show on its own (a tuning
 * trial, say): recorded as child executions of the node, with their params and metrics.
 */
export interface ChildExecution {
  readonly name: string;
  /** The component key the child ran, e.g. `train.gbdt@1`. */
  readonly component: string;
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, number>;
  readonly state: 'done' | 'failed';
  readonly durationMs: number;
  readonly error?: string;
}

export interface RunResult {
  readonly outputs: Record<string, OutputValue>;
  /** Scalar metrics recorded on the run (comparable across runs). */
  readonly metrics?: Record<string, number>;
  /** Non-fatal findings (e.g. a validation configured to warn). */
  readonly warnings?: readonly string[];
  readonly children?: readonly ChildExecution[];
}

export interface RunContext<P> {
  readonly nodeId: string;
  readonly params: P;
  /** The node's `code:` (code cells), else undefined. */
  readonly code: string | undefined;
  readonly inputs: Readonly<Record<string, InputArtifact>>;
  /** Output ports to produce, with types (static outputs, or the node's `out:` map for code cells). */
  readonly outputs: Readonly<Record<string, PortType>>;
  readonly workspaceDir: string;
  /** A fresh directory for this execution; removed after the outputs are stored. */
  readonly tmpDir: string;
  readonly signal: AbortSignal;
  /** The workspace's Python interpreter (nodebook.yaml `python`, default `python3`). */
  readonly python: string;
  /**
   * The workspace's concurrency limit (nodebook.yaml `concurrency`, default 2): how many
   * processes or threads a component may keep busy at once for its own work (tune.search's
   * trials, train.gbdt's histogram thread). 1 for work that itself runs inside such a process.
   */
  readonly concurrency: number;
  log(line: string, stream?: 'stdout' | 'stderr'): void;
  /** fraction in [0, 1]. */
  progress(fraction: number, message?: string): void;
}

export interface ComponentDefinition<P extends z.ZodType = z.ZodType> {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly category: string;
  readonly description: string;
  readonly inputs: Record<string, PortSpecInput>;
  readonly outputs: Record<string, PortSpecInput>;
  readonly dynamicInputs?: PortType;
  readonly dynamicOutputs?: boolean;
  readonly codeLanguage?: 'python' | 'sql' | 'javascript';
  readonly hasText?: boolean;
  readonly params: P;
  /**
   * Extra text mixed into the cache key, e.g. the Python version for Python cells, so a
   * changed runtime re-runs the node. Runs in the main process: keep it cheap and memoize.
   */
  readonly fingerprint?: (env: { python: string }) => Promise<string>;
  run(ctx: RunContext<z.output<P>>): Promise<RunResult>;
}

export function defineComponent<P extends z.ZodType>(def: ComponentDefinition<P>): ComponentDefinition<P> {
  return def;
}

export const componentKey = (def: { id: string; version: number }): string => `${def.id}@${def.version}`;

export function describeComponent(def: ComponentDefinition): ComponentInfo {
  const ports = (specs: Record<string, PortSpecInput>) =>
    Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, portSpecSchema.parse(spec)]));
  return {
    key: componentKey(def),
    id: def.id,
    version: def.version,
    title: def.title,
    category: def.category,
    description: def.description,
    inputs: ports(def.inputs),
    outputs: ports(def.outputs),
    dynamicInputs: def.dynamicInputs ?? null,
    dynamicOutputs: def.dynamicOutputs ?? false,
    codeLanguage: def.codeLanguage ?? null,
    hasText: def.hasText ?? false,
    paramsSchema: z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }),
  };
}

/** The registry keyed by `id@version`; registering a key twice is a bug and throws. */
export class ComponentRegistry {
  private readonly byKey = new Map<string, ComponentDefinition>();

  constructor(defs: readonly ComponentDefinition[] = []) {
    for (const def of defs) this.register(def);
  }

  register(def: ComponentDefinition): void {
    const key = componentKey(def);
    if (this.byKey.has(key)) throw new Error(`Component ${key} is registered twice`);
    this.byKey.set(key, def);
  }

  get(key: string): ComponentDefinition | undefined {
    return this.byKey.get(key);
  }

  list(): ComponentDefinition[] {
    return [...this.byKey.values()];
  }

  describe(): ComponentInfo[] {
    return this.list().map(describeComponent);
  }
}
