import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ComponentInfo, PortSpecInput } from './component-info';
import { componentInfoSchema } from './component-info';
import type { Diagnostic } from './document';
import { formatDiagnostic } from './document';
import { parsePipeline } from './parse';
import { loadPipeline, validatePipeline } from './validate';

/** Test catalog: a few components shaped like the built-ins. */
function component(key: string, spec: Partial<Omit<ComponentInfo, 'inputs' | 'outputs'>> & { inputs?: Record<string, PortSpecInput>; outputs?: Record<string, PortSpecInput> }): ComponentInfo {
  const [id = '', version = '1'] = key.split('@');
  return componentInfoSchema.parse({
    key,
    id,
    version: Number(version),
    title: id,
    category: 'test',
    description: '',
    inputs: {},
    outputs: {},
    dynamicInputs: null,
    dynamicOutputs: false,
    codeLanguage: null,
    hasText: false,
    paramsSchema: {},
    ...spec,
  });
}

const catalogList = [
  component('data.read_csv@1', { outputs: { table: { type: 'table' } } }),
  component('data.split@1', { inputs: { table: { type: 'table' } }, outputs: { train: { type: 'table' }, valid: { type: 'table' }, test: { type: 'table' } } }),
  component('train.xgb@1', { inputs: { train: { type: 'table' }, valid: { type: 'table', optional: true } }, outputs: { model: { type: 'model' } } }),
  component('eval.metrics@1', { inputs: { model: { type: 'model' }, table: { type: 'table' } }, outputs: { metrics: { type: 'metrics' } } }),
  component('code.python@1', { dynamicInputs: 'table', dynamicOutputs: true, codeLanguage: 'python' }),
  component('note@1', { hasText: true }),
];
const catalog = new Map(catalogList.map((c) => [c.key, c]));

/** Real zod params per component, as main's registry would check them. */
const paramSchemas: Record<string, z.ZodType> = {
  'data.read_csv@1': z.strictObject({ path: z.string() }),
  'data.split@1': z.strictObject({
    fractions: z.object({ train: z.number(), valid: z.number(), test: z.number() }),
    stratify: z.string().optional(),
    seed: z.number().int(),
  }),
  'train.xgb@1': z.strictObject({ rounds: z.number().int().positive().default(100) }),
};
const validateParams = (key: string, params: Record<string, unknown>) => {
  const result = paramSchemas[key]?.safeParse(params);
  if (!result || result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
};

const good = `nodebook: 1
name: penguins-species
params: { seed: 42, target: species }
nodes:
  penguins: { use: data.read_csv@1, with: { path: data/penguins.csv } }
  split:
    use: data.split@1
    in: { table: penguins.table }
    with: { fractions: { train: 0.7, valid: 0.15, test: 0.15 }, stratify: "\${params.target}", seed: "\${params.seed}" }
  features:
    use: code.python@1
    in: { df: split.train }
    code: |
      df = df.dropna()
    out: { df: table }
  train: { use: train.xgb@1, in: { train: features.df } }
  intro: { use: note@1, text: "## Species classifier" }
layout: { penguins: [0, 0], split: [240, 0] }
`;

const brief = (d: Diagnostic) => `${d.line}:${d.column} ${d.code} ${d.nodeId ?? '-'} ${d.field ?? '-'}`;

function check(text: string, overrides?: Record<string, unknown>): Diagnostic[] {
  const parsed = parsePipeline(text);
  expect(parsed.diagnostics).toEqual([]);
  return validatePipeline(parsed.doc!, { catalog, validateParams, locate: parsed.locate, ...(overrides ? { overrides } : {}) });
}

describe('validatePipeline', () => {
  it('accepts a correct pipeline (code-cell outputs typed by out:, dynamic inputs, optional inputs)', () => {
    expect(check(good)).toEqual([]);
  });

  it('reports every problem at once, each with node, field and line:column', () => {
    const text = `nodebook: 1
name: broken
params: { seed: 42 }
nodes:
  penguins: { use: data.read_cvs@1 }
  split:
    use: data.split@1
    in: { table: ghost.table, extra: penguins.table }
    with: { fractions: { train: 0.7, valid: 0.15 }, seed: "\${params.sede}" }
  reader: { use: data.read_csv@1, with: { path: 3 }, code: "x", out: { t: table }, text: hi }
  train:
    use: train.xgb@1
    in: { train: reader.tabel, valid: metrics.metrics }
  metrics: { use: eval.metrics@1, in: { model: train.model, table: reader.table } }
  cell: { use: code.python@1, in: { m: train.model } }
  note: { use: note@1, with: {} }
layout: { penguins: [0, 0], gone: [1, 1] }
`;
    const diagnostics = check(text);
    expect(diagnostics.map(brief)).toEqual([
      '5:20 unknown-component penguins use',
      '8:18 missing-node split in.table',
      '8:31 unknown-input split in.extra',
      '9:13 invalid-param split with.fractions.test',
      '9:59 unknown-param split with.seed',
      '10:49 invalid-param reader with.path',
      '10:54 code-not-allowed reader code',
      '10:65 out-not-allowed reader out',
      '10:84 text-not-allowed reader text',
      '13:18 missing-port train in.train',
      '13:39 type-mismatch train in.valid',
      '13:39 cycle train in.valid',
      '14:48 cycle metrics in.model',
      '15:3 code-missing cell code',
      '15:40 type-mismatch cell in.m',
      '17:29 layout-unknown-node - layout.gone',
    ]);
    const message = (code: string) => diagnostics.find((d) => d.code === code)?.message;
    expect(message('unknown-component')).toBe('unknown component "data.read_cvs@1". Did you mean "data.read_csv@1"? Pick one from the palette (id@version)');
    expect(message('missing-node')).toBe('in.table: "ghost.table" refers to node "ghost", which does not exist.');
    expect(message('missing-port')).toBe('in.train: node "reader" (data.read_csv@1) has no output "tabel". Did you mean "table"? Its outputs: table.');
    expect(message('unknown-input')).toBe('in.extra: data.split@1 has no input "extra". Its inputs: table.');
    expect(message('type-mismatch')).toBe('in.valid: metrics.metrics is a metrics, but input "valid" of train.xgb@1 takes a table; bind an output of type table');
    expect(message('cycle')).toBe('cycle: train -> metrics -> train. A node cannot depend on its own output; remove one of these bindings');
    expect(diagnostics.find((d) => d.code === 'layout-unknown-node')?.severity).toBe('warning');
    expect(formatDiagnostic(diagnostics[0]!, 'pipelines/broken.nodebook.yaml')).toBe(
      'pipelines/broken.nodebook.yaml:5:20: [node penguins] unknown component "data.read_cvs@1". Did you mean "data.read_csv@1"? Pick one from the palette (id@version)',
    );
  });

  it('reports a missing required input with candidates, and the other version of an unknown component', () => {
    const diagnostics = check(`nodebook: 1
name: m
nodes:
  a: { use: data.read_csv@1, with: { path: x } }
  s: { use: data.split@1, with: { fractions: { train: 1, valid: 0, test: 0 }, seed: 1 } }
  old: { use: data.read_csv@2 }
`);
    expect(diagnostics.map(brief)).toEqual(['5:3 missing-input s in.table', '6:15 unknown-component old use']);
    expect(diagnostics[0]!.message).toBe('required input "table" (table) is not bound; add in: { table: <node>.<port> }, e.g. a.table');
    expect(diagnostics[1]!.message).toBe('unknown component "data.read_csv@2": this Nodebook has data.read_csv@1');
  });

  it('checks params after overrides', () => {
    const text = good.replace('seed: 42', 'seed: 4.5');
    expect(check(text).map(brief)).toEqual(['9:101 invalid-param split with.seed']);
    expect(check(text, { seed: 7 })).toEqual([]);
    expect(check(good, { seed: 'x' }).map((d) => d.message)).toEqual([
      'with.seed: Invalid input: expected number, received string',
    ]);
  });

  it('accepts the catalog as a list and param problems with dotted paths (main registry shape)', () => {
    const parsed = parsePipeline(good.replace('path: data/penguins.csv', 'path: 1'));
    const diagnostics = validatePipeline(parsed.doc!, {
      catalog: catalogList,
      validateParams: (key, params) => (key === 'data.read_csv@1' && typeof params.path !== 'string' ? [{ path: 'path', message: 'expected string' }] : []),
      locate: parsed.locate,
    });
    expect(diagnostics.map(brief)).toEqual(['5:51 invalid-param penguins with.path']);
  });

  it('works without locate: same diagnostics, no positions', () => {
    const doc = parsePipeline(good.replace('in: { table: penguins.table }', 'in: { table: penguin.table }')).doc!;
    const diagnostics = validatePipeline(doc, { catalog });
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'missing-node',
        nodeId: 'split',
        field: 'in.table',
        message: 'in.table: "penguin.table" refers to node "penguin", which does not exist. Did you mean "penguins"?',
      },
    ]);
  });
});

describe('loadPipeline', () => {
  it('parses and validates in one call', () => {
    const ok = loadPipeline(good, { catalog, validateParams });
    expect(ok.diagnostics).toEqual([]);
    expect(Object.keys(ok.doc!.nodes)).toEqual(['penguins', 'split', 'features', 'train', 'intro']);
  });

  it('returns no document when anything is an error, but keeps warnings alone', () => {
    const warnOnly = loadPipeline(good.replace('split: [240, 0]', 'split: [240, 0], old: [1, 2]'), { catalog });
    expect(warnOnly.doc).not.toBeNull();
    expect(warnOnly.diagnostics.map((d) => d.code)).toEqual(['layout-unknown-node']);
    const syntax = loadPipeline('nodebook: 1\nname: [\n', { catalog });
    expect(syntax.doc).toBeNull();
    expect(syntax.diagnostics[0]?.code).toBe('yaml-syntax');
    const invalid = loadPipeline(good.replace('note@1', 'note@9'), { catalog });
    expect(invalid.doc).toBeNull();
    expect(invalid.diagnostics.map(brief)).toEqual(['17:17 unknown-component intro use']);
  });
});
