import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { UserError } from '../errors';
import type { Diagnostic, PipelineDocument } from './document';
import { PARAM_NAME_PATTERN, didYouMean } from './document';

/**
 * `${params.x}` substitution in `with:` (only there: code reads its inputs, not params, so
 * a code cell's text is never rewritten). A string that is exactly one reference takes the
 * param's value with its type; references inside longer strings are interpolated as text.
 * `$${` writes a literal `${`.
 */

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const EXACT = /^\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}$/;

export interface ParamIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  nodeId?: string;
  /** Path inside the node's `with:`; empty for the whole map. */
  path: (string | number)[];
}

export interface ResolvedParams {
  resolved: Record<string, Record<string, unknown>>;
  issues: ParamIssue[];
}

/** resolveNodeParams with paths instead of field strings, for callers that locate them in the text. */
export function resolveParams(doc: PipelineDocument, overrides: Record<string, unknown>): ResolvedParams {
  const issues: ParamIssue[] = [];
  const declared = Object.keys(doc.params);
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(doc.params, name)) {
      issues.push({
        severity: 'warning',
        code: 'unknown-override',
        message: `--param ${name}: the pipeline declares no param "${name}".${didYouMean(name, declared)} Declared params: ${declared.join(', ') || '(none)'}.`,
        path: [],
      });
    }
  }
  const values: Record<string, unknown> = { ...doc.params, ...overrides };
  const resolved: Record<string, Record<string, unknown>> = {};
  for (const [nodeId, node] of Object.entries(doc.nodes)) {
    const scope: Scope = {
      values,
      declared,
      report: (path, message) => issues.push({ severity: 'error', code: 'unknown-param', message, nodeId, path }),
    };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.with ?? {})) out[key] = substitute(value, [key], scope);
    resolved[nodeId] = out;
  }
  return { resolved, issues };
}

export function resolveNodeParams(
  doc: PipelineDocument,
  overrides: Record<string, unknown>,
): { resolved: Record<string, Record<string, unknown>>; diagnostics: Diagnostic[] } {
  const { resolved, issues } = resolveParams(doc, overrides);
  return { resolved, diagnostics: issues.map(paramIssueToDiagnostic) };
}

export function paramIssueToDiagnostic(issue: ParamIssue): Diagnostic {
  const d: Diagnostic = { severity: issue.severity, code: issue.code, message: issue.message };
  if (issue.nodeId !== undefined) {
    d.nodeId = issue.nodeId;
    d.field = ['with', ...issue.path].join('.');
  }
  return d;
}

interface Scope {
  /** Params after overrides. */
  values: Record<string, unknown>;
  /** Names the file declares, for messages. */
  declared: string[];
  report: (path: (string | number)[], message: string) => void;
}

function substitute(value: unknown, path: (string | number)[], scope: Scope): unknown {
  if (typeof value === 'string') return substituteString(value, path, scope);
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, [...path, i], scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, [...path, k], scope);
    return out;
  }
  return value;
}

function substituteString(text: string, path: (string | number)[], scope: Scope): unknown {
  const { values: params, report } = scope;
  const exact = EXACT.exec(text);
  if (exact) {
    const name = exact[1] ?? '';
    if (Object.hasOwn(params, name)) return copy(params[name]);
    report(path, unknownMessage(path, name, scope.declared));
    return text;
  }
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (match: string, inner: string | undefined) => {
    if (inner === undefined) return '${';
    const name = /^params\.(.*)$/.exec(inner)?.[1];
    if (name === undefined || !PARAM_NAME_PATTERN.test(name)) {
      report(path, `with.${path.join('.')}: "${match}" is not a param reference; write \${params.<name>}, or $\${ for a literal \${`);
      return match;
    }
    if (!Object.hasOwn(params, name)) {
      report(path, unknownMessage(path, name, scope.declared));
      return match;
    }
    const v = params[name];
    return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  });
}

function unknownMessage(path: (string | number)[], name: string, declared: string[]): string {
  return (
    `with.${path.join('.')}: unknown param "${name}".${didYouMean(name, declared)} ` +
    (declared.length ? `Declared params: ${declared.join(', ')}.` : 'Declare it under params: at the top of the file.')
  );
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  }
  return value;
}

/**
 * `seed=7` -> `['seed', 7]`. The value reads as YAML, so numbers, booleans, null and flow
 * lists/maps (`[a, b]`, `{ x: 1 }`) keep their type; anything else (`a: b`, text with `#`)
 * stays the literal string, and an empty value is the empty string.
 */
export function parseParamOverride(s: string): [string, unknown] {
  const eq = s.indexOf('=');
  const name = eq === -1 ? '' : s.slice(0, eq).trim();
  if (eq === -1 || !PARAM_NAME_PATTERN.test(name)) {
    throw new UserError(
      'bad_param_override',
      `--param expects name=value with a param name of letters, digits and _ (e.g. --param seed=7), got "${s}"`,
      { value: s },
    );
  }
  const text = s.slice(eq + 1);
  if (text.trim() === '') return [name, ''];
  const parsed = parseDocument(text);
  if (parsed.errors.length > 0) return [name, text];
  const contents = parsed.contents;
  if (isScalar(contents) && !parsed.commentBefore && !contents.comment) return [name, contents.toJSON()];
  if ((isMap(contents) || isSeq(contents)) && contents.flow) return [name, parsed.toJS()];
  return [name, text];
}
