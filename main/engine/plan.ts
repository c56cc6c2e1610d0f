import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { PortType } from '../../shared/pipeline/component-info';
import type { Diagnostic, PipelineDocument, PipelineNode } from '../../shared/pipeline/document';
import { formatDiagnostic, hasErrors } from '../../shared/pipeline/document';
import { loadPipeline } from '../../shared/pipeline/validate';
import { resolveNodeParams } from '../../shared/pipeline/params';
import { UserError } from '../../shared/errors';
import { validateComponentParams } from './param-check';
import type { ComponentDefinition, ComponentRegistry } from './component';

export interface NodePlan {
  readonly id: string;
  readonly node: PipelineNode;
  readonly def: ComponentDefinition;
  readonly key: string;
  /** `with:` after `${params.x}` substitution. */
  readonly params: unknown;
  /** input port → upstream output */
  readonly inputs: Readonly<Record<string, { readonly node: string; readonly port: string }>>;
  readonly outputTypes: Readonly<Record<string, PortType>>;
}

export interface RunPlan {
  readonly file: string;
  /** Path as recorded on the run: workspace-relative when inside the workspace. */
  readonly displayPath: string;
  readonly text: string;
  readonly doc: PipelineDocument;
  /** Pipeline params after overrides. */
  readonly params: Record<string, unknown>;
  /** Nodes to run, in topological order (notes excluded). */
  readonly order: readonly string[];
  readonly nodes: ReadonlyMap<string, NodePlan>;
  /** Non-blocking findings (an override of an undeclared param, ...), formatted as file:line:col. */
  readonly warnings: readonly string[];
}

/**
 * Notes (and any other text-only component without ports) document the pipeline; they have
 * nothing to compute, so the engine leaves them out of runs entirely: no worker, no
 * execution record, no events.
 */
export function isDocumentOnly(def: ComponentDefinition): boolean {
  return Object.keys(def.inputs).length === 0 && Object.keys(def.outputs).length === 0 && !def.dynamicOutputs && !def.dynamicInputs;
}

export function invalidPipelineError(file: string, diagnostics: readonly Diagnostic[]): UserError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const lines = diagnostics.map((d) => formatDiagnostic(d, file));
  return new UserError(
    'invalid_pipeline',
    `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing ran. Fix them and run again:\n${lines.join('\n')}`,
    { file, diagnostics, formatted: lines },
  );
}

export function splitBinding(binding: string): { node: string; port: string } {
  const dot = binding.indexOf('.');
  return { node: binding.slice(0, dot), port: binding.slice(dot + 1) };
}

/** Reads, validates and plans a run. Throws a UserError listing every diagnostic when anything is wrong: nothing runs. */
export function planRun(opts: {
  registry: ComponentRegistry;
  workspaceRoot: string;
  pipelinePath: string;
  overrides?: Record<string, unknown>;
  targetNodes?: readonly string[];
}): RunPlan {
  const file = isAbsolute(opts.pipelinePath) ? opts.pipelinePath : resolve(opts.workspaceRoot, opts.pipelinePath);
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError('pipeline_not_found', `Pipeline file ${file} does not exist or is not readable. Check the path (pipelines live in ${resolve(opts.workspaceRoot, 'pipelines')}).`, { file });
  }
  const rel = relative(opts.workspaceRoot, file);
  const displayPath = rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  const overrides = opts.overrides ?? {};
  const { registry } = opts;
  const loaded = loadPipeline(text, {
    catalog: registry.describe(),
    validateParams: (key: string, params: unknown) => validateComponentParams(registry, key, params),
    overrides,
  });
  const doc = loaded.doc;
  if (!doc || hasErrors(loaded.diagnostics)) throw invalidPipelineError(displayPath, loaded.diagnostics);
  const resolvedParams = resolveNodeParams(doc, overrides);
  if (hasErrors(resolvedParams.diagnostics)) throw invalidPipelineError(displayPath, resolvedParams.diagnostics);

  const nodes = new Map<string, NodePlan>();
  for (const [id, node] of Object.entries(doc.nodes)) {
    const def = registry.get(node.use);
    if (!def) throw invalidPipelineError(displayPath, [{ severity: 'error', code: 'unknown-component', message: `unknown component ${node.use}`, nodeId: id }]);
    if (isDocumentOnly(def)) continue;
    const outputTypes: Record<string, PortType> = {};
    for (const [port, spec] of Object.entries(def.outputs)) outputTypes[port] = spec.type;
    if (def.dynamicOutputs) Object.assign(outputTypes, node.out ?? {});
    const inputs = Object.fromEntries(Object.entries(node.in ?? {}).map(([port, binding]) => [port, splitBinding(binding)]));
    nodes.set(id, { id, node, def, key: node.use, params: resolvedParams.resolved[id] ?? node.with ?? {}, inputs, outputTypes });
  }

  const selected = selectNodes(nodes, opts.targetNodes, displayPath);
  const warnings = [...loaded.diagnostics, ...resolvedParams.diagnostics].filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d, displayPath));
  return { file, displayPath, text, doc, params: { ...doc.params, ...overrides }, order: topological(nodes, selected), nodes, warnings: [...new Set(warnings)] };
}

function selectNodes(nodes: ReadonlyMap<string, NodePlan>, targets: readonly string[] | undefined, file: string): Set<string> {
  if (!targets || targets.length === 0) return new Set(nodes.keys());
  const unknown = targets.filter((t) => !nodes.has(t));
  if (unknown.length > 0) {
    throw new UserError('unknown_node', `${file} has no runnable node ${unknown.map((u) => `"${u}"`).join(', ')}. Nodes: ${[...nodes.keys()].join(', ')}.`, { nodes: unknown });
  }
  const selected = new Set<string>();
  const visit = (id: string) => {
    if (selected.has(id)) return;
    selected.add(id);
    for (const b of Object.values(nodes.get(id)?.inputs ?? {})) visit(b.node);
  };
  targets.forEach(visit);
  return selected;
}

/** Kahn's algorithm, ties broken by document order so runs are reproducible. The validator has already refused cycles. */
function topological(nodes: ReadonlyMap<string, NodePlan>, selected: ReadonlySet<string>): string[] {
  const ids = [...nodes.keys()].filter((id) => selected.has(id));
  const remaining = new Map(ids.map((id) => [id, new Set(Object.values(nodes.get(id)?.inputs ?? {}).map((b) => b.node).filter((n) => selected.has(n)))]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = ids.find((id) => remaining.get(id)?.size === 0);
    if (ready === undefined) throw new UserError('cycle', `The pipeline has a cycle among ${[...remaining.keys()].join(', ')}`);
    order.push(ready);
    remaining.delete(ready);
    for (const deps of remaining.values()) deps.delete(ready);
  }
  return order;
}
