import { z } from 'zod';
import { portTypeSchema } from './component-info';

/**
 * The pipeline document (DESIGN.md, "The pipeline document"): `pipelines/<name>.nodebook.yaml`,
 * keyed by node id. This schema is the single source of the format: parse.ts checks files
 * against it, and scripts/gen-pipeline-schema.ts turns it into the JSON Schema editors use.
 * Every pattern below is a plain regex so that the JSON Schema says exactly what zod checks.
 */

export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Port names (inputs, outputs, `out:` keys). No dots: the first dot of a binding splits node from port. */
export const PORT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** `${params.<name>}` must be able to name every param, so params are plain identifiers. */
export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const USE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*@[1-9][0-9]*$/;
export const BINDING_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*$/;

export const nodeIdSchema = z
  .string()
  .regex(NODE_ID_PATTERN, 'a node id starts with a letter or _ and holds only letters, digits, _ and - (e.g. split_1)');
export const portNameSchema = z
  .string()
  .regex(PORT_NAME_PATTERN, 'a port name starts with a letter or _ and holds only letters, digits, _ and -');
export const paramNameSchema = z
  .string()
  .regex(PARAM_NAME_PATTERN, 'a param name starts with a letter or _ and holds only letters, digits and _');
export const useSchema = z
  .string()
  .regex(USE_PATTERN, 'must be "<component-id>@<version>", e.g. data.read_csv@1');
export const bindingSchema = z
  .string()
  .regex(BINDING_PATTERN, 'must be "<node>.<port>" naming an upstream output, e.g. penguins.table');

export const pipelineNodeSchema = z.strictObject({
  use: useSchema.describe('The component, as id@version (e.g. data.read_csv@1).'),
  in: z
    .record(portNameSchema, bindingSchema)
    .optional()
    .describe('Input bindings: input name -> "<node>.<port>" of an upstream output.'),
  with: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The component\'s params. A string may hold ${params.<name>}.'),
  code: z.string().optional().describe('Source of a code cell.'),
  out: z
    .record(portNameSchema, portTypeSchema)
    .optional()
    .describe('Output ports of a code cell, with their types.'),
  text: z.string().optional().describe('Markdown of a note.'),
});

export const pipelineDocumentSchema = z
  .strictObject({
    nodebook: z.literal(1).describe('Format version of this file.'),
    name: z.string().min(1, 'name must not be empty').describe('The pipeline name.'),
    description: z.string().optional(),
    params: z
      .record(paramNameSchema, z.unknown())
      .default({})
      .describe('Pipeline params, used in with: as ${params.<name>}; overridable per run (--param seed=7).'),
    nodes: z.record(nodeIdSchema, pipelineNodeSchema).default({}).describe('The nodes, keyed by node id.'),
    layout: z
      .record(z.string(), z.tuple([z.number(), z.number()]))
      .default({})
      .describe('Canvas positions [x, y] by node id; no effect on what runs.'),
  })
  .meta({
    title: 'Nodebook pipeline',
    description: 'A Nodebook pipeline document (pipelines/<name>.nodebook.yaml), keyed by node id.',
  });

export type PipelineNode = z.output<typeof pipelineNodeSchema>;
export type PipelineDocument = z.output<typeof pipelineDocumentSchema>;

export const PIPELINE_SCHEMA_ID = 'https://nodebook.dev/schemas/pipeline.schema.json';

/** The JSON Schema (draft 2020-12) of the file as a user writes it: defaults make keys optional. */
export function pipelineJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(pipelineDocumentSchema, { target: 'draft-2020-12', io: 'input' });
  const { $schema, title, description, ...rest } = generated;
  return { $schema, $id: PIPELINE_SCHEMA_ID, title, description, ...rest };
}

export type DiagnosticSeverity = 'error' | 'warning';

/** One finding about a pipeline file; line and column are 1-based. */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Stable, kebab-case: `yaml-syntax`, `unknown-key`, `unknown-component`, `cycle`, ... */
  code: string;
  message: string;
  nodeId?: string;
  /** Dotted path inside the node (`in.table`, `with.seed`) or the document (`layout.x`). */
  field?: string;
  line?: number;
  column?: number;
}

/** `file:line:col: [node X] message`, the shape editors and terminals turn into links. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  let where = file ?? '';
  if (d.line !== undefined) {
    where += `${where ? ':' : ''}${d.line}`;
    if (d.column !== undefined) where += `:${d.column}`;
  }
  const parts: string[] = [];
  if (where) parts.push(`${where}:`);
  if (d.severity === 'warning') parts.push('warning:');
  if (d.nodeId !== undefined) parts.push(`[node ${d.nodeId}]`);
  parts.push(d.message);
  return parts.join(' ');
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Orders diagnostics by position (unlocated ones last), keeping discovery order for ties. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.line ?? Number.MAX_SAFE_INTEGER, d.column ?? 0] as const;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const [al, ac] = key(a.d);
      const [bl, bc] = key(b.d);
      return al - bl || ac - bc || a.i - b.i;
    })
    .map(({ d }) => d);
}

/** The candidate `word` is most likely a typo of, if any is close enough. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Optimal string alignment distance: a swap of two neighbours ("tabel") costs 1. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** ` Did you mean "x"?` or ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closestName(word, candidates);
  return best === undefined ? '' : ` Did you mean "${best}"?`;
}
