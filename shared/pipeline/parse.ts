import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { portTypeSchema } from './component-info';
import type { Diagnostic, PipelineDocument } from './document';
import {
  bindingSchema,
  didYouMean,
  pipelineDocumentSchema,
  pipelineNodeSchema,
  sortDiagnostics,
} from './document';

export type PathSegment = string | number;
export interface SourcePosition {
  line: number;
  column: number;
}
/**
 * Finds where a path of the document sits in the text (1-based). `auto` points at a scalar's
 * value but at the key of a map or list, which is where a reader looks for "this node" or
 * "this `with:`". A path that does not exist resolves to its deepest existing ancestor, so a
 * missing key is reported where it should have been written.
 */
export type Locate = (path: readonly PathSegment[], prefer?: 'auto' | 'key' | 'value') => SourcePosition | undefined;

export interface ParseResult {
  /** null when the file has any error. */
  doc: PipelineDocument | null;
  diagnostics: Diagnostic[];
  locate: Locate;
}

const topLevelKeys = Object.keys(pipelineDocumentSchema.shape);
const nodeKeys = Object.keys(pipelineNodeSchema.shape);

export function parsePipeline(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const ydoc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = makeLocator(ydoc, position);
  const diagnostics: Diagnostic[] = [];

  for (const err of ydoc.errors) {
    diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: yamlMessage(err.message), ...position(err.pos[0]) });
  }
  for (const warn of ydoc.warnings) {
    diagnostics.push({ severity: 'warning', code: 'yaml-warning', message: yamlMessage(warn.message), ...position(warn.pos[0]) });
  }
  // A tree with syntax errors is a guess; checking it against the schema mostly adds noise.
  if (ydoc.errors.length > 0) return { doc: null, diagnostics: sortDiagnostics(diagnostics), locate };

  let raw: unknown;
  try {
    raw = ydoc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    diagnostics.push({ severity: 'error', code: 'yaml-syntax', message, line: 1, column: 1 });
    return { doc: null, diagnostics, locate };
  }
  if (raw === null || raw === undefined) {
    diagnostics.push({
      severity: 'error',
      code: 'empty-document',
      message: 'the file is empty: a pipeline needs at least "nodebook: 1", "name:" and "nodes:"',
      line: 1,
      column: 1,
    });
    return { doc: null, diagnostics, locate };
  }

  const result = pipelineDocumentSchema.safeParse(raw);
  if (result.success) return { doc: result.data, diagnostics: sortDiagnostics(diagnostics), locate };
  diagnostics.push(...schemaDiagnostics(result.error.issues, raw, [], locate));
  return { doc: null, diagnostics: sortDiagnostics(diagnostics), locate };
}

function yamlMessage(message: string): string {
  return `YAML: ${message.replace(/\s+/g, ' ').trim()}`;
}

function makeLocator(ydoc: Document, position: (offset: number) => SourcePosition): Locate {
  return (path, prefer = 'auto') => {
    let node: unknown = ydoc.contents;
    let key: unknown = undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
        if (!pair) break;
        key = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        key = undefined;
        node = node.items[segment];
      } else {
        break;
      }
    }
    const scalarLike = isScalar(node) || isAlias(node);
    let target: unknown;
    if (prefer === 'key') target = key ?? node;
    else if (prefer === 'value') target = isNode(node) ? node : key;
    else target = scalarLike || key === undefined || key === null ? node ?? key : key;
    if (isNode(target) && target.range) return position(target.range[0]);
    if (isNode(ydoc.contents) && ydoc.contents.range) return position(ydoc.contents.range[0]);
    return { line: 1, column: 1 };
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Reflect.get(value, segment);
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function where(path: readonly PathSegment[]): { nodeId?: string; field?: string } {
  if (path[0] === 'nodes' && path.length >= 2) {
    const field = path.slice(2).join('.');
    return field ? { nodeId: String(path[1]), field } : { nodeId: String(path[1]) };
  }
  return path.length > 0 ? { field: path.join('.') } : {};
}

const label = (path: readonly PathSegment[]): string => {
  const { nodeId, field } = where(path);
  if (nodeId !== undefined) return field ?? 'node';
  return field ?? 'document';
};

/** Turns zod issues into diagnostics that say where and what to write instead. */
function schemaDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  prefix: readonly PathSegment[],
  locate: Locate,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const path: PathSegment[] = [...prefix, ...issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s))];
    const value = valueAt(raw, path);
    const at = (p: readonly PathSegment[], prefer: 'auto' | 'key' | 'value' = 'auto') => ({ ...where(p), ...locate(p, prefer) });
    if (value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_key') {
      const key = String(path[path.length - 1]);
      out.push({
        severity: 'error',
        code: 'missing-key',
        message: `missing required key "${key}"${path.length > 1 ? ` in ${label(path.slice(0, -1))}` : ''}${missingHint(key)}`,
        ...where(path),
        ...locate(path.slice(0, -1), 'key'),
      });
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = path.length === 0 ? topLevelKeys : path[0] === 'nodes' && path.length === 2 ? nodeKeys : [];
        for (const key of issue.keys) {
          const hint = didYouMean(key, allowed);
          out.push({
            severity: 'error',
            code: 'unknown-key',
            message: `unknown key "${key}"${path.length ? ` in ${label(path)}` : ''}.${hint} Allowed keys: ${allowed.join(', ')}.`,
            ...at([...path, key], 'key'),
          });
        }
        break;
      }
      case 'invalid_key': {
        const key = String(path[path.length - 1]);
        const parent = path.slice(0, -1);
        const reason = issue.issues[0]?.message ?? issue.message;
        const kind = parent.length === 1 && parent[0] === 'nodes' ? 'invalid-node-id' : parent[0] === 'params' ? 'invalid-param-name' : 'invalid-port-name';
        out.push({ severity: 'error', code: kind, message: `invalid name "${key}": ${reason}`, ...at(path, 'key') });
        // zod skips the value of a bad key; check it anyway so every error shows at once.
        out.push(...valueDiagnostics(path, raw, locate));
        break;
      }
      case 'invalid_type': {
        out.push({
          severity: 'error',
          code: 'invalid-type',
          message: `${label(path)}: expected ${expectedText(issue.expected)}, got ${describeValue(value)}`,
          ...at(path),
        });
        break;
      }
      case 'invalid_format': {
        const field = path[path.length - 1];
        const kind = field === 'use' ? 'invalid-use' : path[path.length - 2] === 'in' ? 'invalid-binding' : 'invalid-format';
        out.push({ severity: 'error', code: kind, message: `${label(path)}: ${issue.message} (got ${describeValue(value)})`, ...at(path) });
        break;
      }
      case 'invalid_value': {
        const expected = issue.values.map((v) => JSON.stringify(v)).join(', ');
        const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : '';
        const message =
          path.length === 1 && path[0] === 'nodebook'
            ? `nodebook must be 1, the only format version this Nodebook reads (got ${describeValue(value)})`
            : `${label(path)}: expected one of ${expected}, got ${describeValue(value)}.${hint}`;
        out.push({ severity: 'error', code: 'invalid-value', message, ...at(path) });
        break;
      }
      case 'too_small':
      case 'too_big': {
        const message =
          path[0] === 'layout' && path.length === 2
            ? `${label(path)}: a layout entry is [x, y], got ${describeValue(value)}`
            : `${label(path)}: ${issue.message}`;
        out.push({ severity: 'error', code: 'invalid-value', message, ...at(path) });
        break;
      }
      default:
        out.push({ severity: 'error', code: 'invalid-value', message: `${label(path)}: ${issue.message}`, ...at(path) });
    }
  }
  return out;
}

function valueDiagnostics(path: readonly PathSegment[], raw: unknown, locate: Locate): Diagnostic[] {
  const schema =
    path.length === 2 && path[0] === 'nodes'
      ? pipelineNodeSchema
      : path.length === 4 && path[2] === 'in'
        ? bindingSchema
        : path.length === 4 && path[2] === 'out'
          ? portTypeSchema
          : undefined;
  if (!schema) return [];
  const result = schema.safeParse(valueAt(raw, path));
  return result.success ? [] : schemaDiagnostics(result.error.issues, raw, path, locate);
}

function missingHint(key: string): string {
  if (key === 'use') return ' (the component, e.g. use: data.read_csv@1)';
  if (key === 'nodebook') return ' (write "nodebook: 1" at the top)';
  if (key === 'name') return ' (the pipeline name, e.g. name: penguins-species)';
  return '';
}

function expectedText(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'a map (key: value)';
  if (expected === 'array' || expected === 'tuple') return 'a list';
  if (expected === 'string') return 'a string';
  if (expected === 'number') return 'a number';
  return expected;
}
