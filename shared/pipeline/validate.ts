import type { ComponentInfo, PortType } from './component-info';
import type { Diagnostic, PipelineDocument, PipelineNode } from './document';
import { didYouMean, hasErrors, sortDiagnostics } from './document';
import { findCycles, parseBinding } from './graph';
import { paramIssueToDiagnostic, resolveParams } from './params';
import type { Locate, PathSegment } from './parse';
import { parsePipeline } from './parse';

/** One problem in a node's resolved params; `path` is inside `with:` (array, or dotted string). */
export interface ParamProblem {
  path: PathSegment[] | string;
  message: string;
}

export interface ValidateOptions {
  /** Components by `id@version` (a list of ComponentInfo is accepted too). */
  catalog: ReadonlyMap<string, ComponentInfo> | readonly ComponentInfo[];
  /** Checks a node's params after `${params.x}` substitution; usually the component's zod schema. */
  validateParams?: (componentKey: string, params: Record<string, unknown>) => ParamProblem[];
  /** From parsePipeline: gives every diagnostic its line and column. */
  locate?: Locate;
  /** Run-time param overrides (`--param seed=7`). */
  overrides?: Record<string, unknown>;
}

/**
 * Everything that would stop the pipeline from running, all at once (DESIGN.md, "Engine":
 * validate, then nothing runs if anything is wrong). Each diagnostic names its node and field.
 */
export function validatePipeline(doc: PipelineDocument, opts: ValidateOptions): Diagnostic[] {
  const catalog = toCatalog(opts.catalog);
  const out: Diagnostic[] = [];
  const report = (d: Diagnostic, path: readonly PathSegment[] | null, prefer: 'auto' | 'key' | 'value' = 'auto') => {
    const pos = path ? opts.locate?.(path, prefer) : undefined;
    out.push(pos ? { ...d, line: pos.line, column: pos.column } : d);
  };

  const params = resolveParams(doc, opts.overrides ?? {});
  for (const issue of params.issues) {
    // Overrides come from the command line, not the file: no position to give.
    report(paramIssueToDiagnostic(issue), issue.nodeId === undefined ? null : ['nodes', issue.nodeId, 'with', ...issue.path]);
  }

  for (const [id, node] of Object.entries(doc.nodes)) {
    const nodePath = ['nodes', id];
    const info = catalog.get(node.use);
    if (!info) {
      report(
        { severity: 'error', code: 'unknown-component', nodeId: id, field: 'use', message: unknownComponentMessage(node.use, catalog) },
        [...nodePath, 'use'],
      );
    }
    checkBindings(doc, id, node, info, catalog, report);
    if (!info) continue;
    checkNodeShape(id, node, info, report);
    if (opts.validateParams) {
      const skip = new Set(params.issues.filter((i) => i.nodeId === id).map((i) => i.path.join('.')));
      let problems: ParamProblem[];
      try {
        problems = opts.validateParams(node.use, params.resolved[id] ?? {});
      } catch (err) {
        problems = [{ path: [], message: `could not check params: ${err instanceof Error ? err.message : String(err)}` }];
      }
      for (const problem of problems) {
        const path = typeof problem.path === 'string' ? (problem.path ? problem.path.split('.') : []) : problem.path;
        if (skip.has(path.join('.'))) continue;
        const field = ['with', ...path].join('.');
        report(
          { severity: 'error', code: 'invalid-param', nodeId: id, field, message: `${field}: ${problem.message}` },
          [...nodePath, 'with', ...path],
        );
      }
    }
  }

  for (const cycle of findCycles(doc)) {
    const loop = [...cycle, cycle[0]].join(' -> ');
    for (const id of cycle) {
      const input = Object.entries(doc.nodes[id]?.in ?? {}).find(([, b]) => cycle.includes(parseBinding(b)?.node ?? ''));
      report(
        {
          severity: 'error',
          code: 'cycle',
          nodeId: id,
          field: input ? `in.${input[0]}` : 'in',
          message: `cycle: ${loop}. A node cannot depend on its own output; remove one of these bindings`,
        },
        input ? ['nodes', id, 'in', input[0]] : ['nodes', id],
      );
    }
  }

  for (const key of Object.keys(doc.layout)) {
    if (!Object.hasOwn(doc.nodes, key)) {
      report(
        { severity: 'warning', code: 'layout-unknown-node', field: `layout.${key}`, message: `layout.${key}: there is no node "${key}"; remove this position` },
        ['layout', key],
        'key',
      );
    }
  }
  return opts.locate ? sortDiagnostics(out) : out;
}

type Report = (d: Diagnostic, path: readonly PathSegment[], prefer?: 'auto' | 'key' | 'value') => void;

function toCatalog(catalog: ValidateOptions['catalog']): ReadonlyMap<string, ComponentInfo> {
  if ('get' in catalog) return catalog;
  return new Map(catalog.map((info) => [info.key, info]));
}

/** The output ports a node offers: its component's, plus `out:` for code cells. */
export function nodeOutputs(node: PipelineNode, info: ComponentInfo): Record<string, PortType> {
  const ports: Record<string, PortType> = {};
  for (const [name, spec] of Object.entries(info.outputs)) ports[name] = spec.type;
  if (info.dynamicOutputs) Object.assign(ports, node.out ?? {});
  return ports;
}

/** The type an input accepts, or undefined when the component has no such input. */
export function nodeInputType(info: ComponentInfo, input: string): PortType | undefined {
  return info.inputs[input]?.type ?? info.dynamicInputs ?? undefined;
}

function checkBindings(
  doc: PipelineDocument,
  id: string,
  node: PipelineNode,
  info: ComponentInfo | undefined,
  catalog: ReadonlyMap<string, ComponentInfo>,
  report: Report,
): void {
  for (const [input, binding] of Object.entries(node.in ?? {})) {
    const path = ['nodes', id, 'in', input];
    const field = `in.${input}`;
    const at = (code: string, message: string, prefer: 'auto' | 'key' = 'auto') =>
      report({ severity: 'error', code, nodeId: id, field, message: `${field}: ${message}` }, path, prefer);
    const inputType = info ? nodeInputType(info, input) : undefined;
    if (info && inputType === undefined) {
      const accepted = Object.keys(info.inputs);
      at(
        'unknown-input',
        `${info.key} has no input "${input}".${didYouMean(input, accepted)} ${accepted.length ? `Its inputs: ${accepted.join(', ')}.` : 'It takes no inputs.'}`,
        'key',
      );
    }
    const ref = parseBinding(binding);
    if (!ref) {
      at('invalid-binding', `"${binding}" must be "<node>.<port>", e.g. penguins.table`);
      continue;
    }
    const upstream = doc.nodes[ref.node];
    if (!upstream) {
      at('missing-node', `"${binding}" refers to node "${ref.node}", which does not exist.${didYouMean(ref.node, Object.keys(doc.nodes))}`);
      continue;
    }
    const upstreamInfo = catalog.get(upstream.use);
    if (!upstreamInfo) continue; // its unknown component is reported on its own node
    const outputs = nodeOutputs(upstream, upstreamInfo);
    const outputType = outputs[ref.port];
    if (outputType === undefined) {
      const names = Object.keys(outputs);
      at(
        'missing-port',
        `node "${ref.node}" (${upstream.use}) has no output "${ref.port}".${didYouMean(ref.port, names)} ${names.length ? `Its outputs: ${names.join(', ')}.` : 'It has no outputs.'}`,
      );
      continue;
    }
    if (inputType !== undefined && inputType !== outputType) {
      at('type-mismatch', `${binding} is a ${outputType}, but input "${input}" of ${node.use} takes a ${inputType}; bind an output of type ${inputType}`);
    }
  }
  if (!info) return;
  for (const [input, spec] of Object.entries(info.inputs)) {
    if (spec.optional || node.in?.[input] !== undefined) continue;
    const candidates = Object.entries(doc.nodes)
      .filter(([other]) => other !== id)
      .flatMap(([other, n]) => {
        const otherInfo = catalog.get(n.use);
        if (!otherInfo) return [];
        return Object.entries(nodeOutputs(n, otherInfo))
          .filter(([, t]) => t === spec.type)
          .map(([port]) => `${other}.${port}`);
      })
      .slice(0, 3);
    report(
      {
        severity: 'error',
        code: 'missing-input',
        nodeId: id,
        field: `in.${input}`,
        message: `required input "${input}" (${spec.type}) is not bound; add in: { ${input}: <node>.<port> }${candidates.length ? `, e.g. ${candidates.join(' or ')}` : ''}`,
      },
      node.in ? ['nodes', id, 'in'] : ['nodes', id],
    );
  }
}

function checkNodeShape(id: string, node: PipelineNode, info: ComponentInfo, report: Report): void {
  const fail = (code: string, field: string, message: string, path: PathSegment[]) =>
    report({ severity: 'error', code, nodeId: id, field, message }, ['nodes', id, ...path], 'key');
  if (node.code !== undefined && info.codeLanguage === null) {
    fail('code-not-allowed', 'code', `${info.key} takes no code; remove "code:" (only code cells have it)`, ['code']);
  }
  if (node.code === undefined && info.codeLanguage !== null) {
    fail('code-missing', 'code', `${info.key} is a ${info.codeLanguage} cell and needs "code:" with its source`, []);
  }
  if (node.out !== undefined && !info.dynamicOutputs) {
    const names = Object.keys(info.outputs);
    fail('out-not-allowed', 'out', `${info.key} declares its own outputs (${names.join(', ') || 'none'}); remove "out:" (only code cells have it)`, ['out']);
  }
  if (node.text !== undefined && !info.hasText) {
    fail('text-not-allowed', 'text', `${info.key} takes no text; remove "text:" (only notes have it)`, ['text']);
  }
}

function unknownComponentMessage(use: string, catalog: ReadonlyMap<string, ComponentInfo>): string {
  const id = use.split('@')[0] ?? use;
  const versions = [...catalog.values()].filter((c) => c.id === id).map((c) => c.key);
  if (versions.length > 0) return `unknown component "${use}": this Nodebook has ${versions.join(', ')}`;
  return `unknown component "${use}".${didYouMean(use, catalog.keys())} Pick one from the palette (id@version)`;
}

/** Parse and validate in one call; `doc` is null when there is any error. */
export function loadPipeline(
  text: string,
  opts: Omit<ValidateOptions, 'locate'>,
): { doc: PipelineDocument | null; diagnostics: Diagnostic[] } {
  const parsed = parsePipeline(text);
  if (!parsed.doc) return { doc: null, diagnostics: parsed.diagnostics };
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...validatePipeline(parsed.doc, { ...opts, locate: parsed.locate })]);
  return { doc: hasErrors(diagnostics) ? null : parsed.doc, diagnostics };
}
