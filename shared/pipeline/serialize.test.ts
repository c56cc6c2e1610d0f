import { describe, expect, it } from 'vitest';
import type { PipelineDocument, PipelineNode } from './document';
import { pipelineDocumentSchema } from './document';
import { parsePipeline } from './parse';
import { MAX_LINE_WIDTH, serializePipeline } from './serialize';

const designExample = `nodebook: 1
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
  intro: { use: note@1, text: "## Species classifier" }
layout: { penguins: [0, 0], split: [240, 0] }
`;

function load(text: string): PipelineDocument {
  const parsed = parsePipeline(text);
  expect(parsed.diagnostics).toEqual([]);
  expect(parsed.doc).not.toBeNull();
  return parsed.doc!;
}

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const trickyStrings = [
  '', ' ', 'true', 'False', 'null', '~', 'yes', '1', '007', '0x1F', '1e3', '-1.5', '.inf', '.nan', '- a', '? x', ': y',
  ' lead', 'trail ', '\n', 'a\n', '\na', 'a\n\n', 'a\nb', '  indented\nfirst', 'a\r\nb', 'tab\there', '---', '...',
  '${params.seed}', 'x #y', 'k: v', '{a}', '[b]', 'a, b', '"quoted"', "'single'", '@at', '`tick', '!bang', '&amp', '*star',
  '%pct', '|pipe', '>gt', 'é ü', '😀 emoji', 'line one\nline two\n  indented three\n', 'x'.repeat(150), 'a b '.repeat(40),
];
const alphabet = 'abcXYZ019 _-.:#,{}[]"\'\n\t\\é$!&*|>%@`?';

function randomDoc(seed: number): PipelineDocument {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const str = (): string => {
    if (r() < 0.4) return pick(trickyStrings);
    let s = '';
    const len = int(r() < 0.1 ? 130 : 14);
    for (let i = 0; i < len; i++) s += alphabet[int(alphabet.length)];
    return s;
  };
  const ident = (): string => pick(['a', 'b', 'x1', 'seed', 'train_set', 'n-2', '_c', 'Split', 'k']) + (r() < 0.5 ? String(int(50)) : '');
  const key = (): string => (r() < 0.7 ? ident() : r() < 0.5 ? String(int(5)) : str().replace(/^__proto__$/, 'proto') || 'e');
  const scalar = (): unknown => {
    const k = int(6);
    if (k === 0) return int(1000) - 500;
    if (k === 1) return Math.round((r() - 0.5) * 1e6) / 1000 || 1.5;
    if (k === 2) return r() < 0.5;
    if (k === 3) return null;
    return str();
  };
  const value = (depth: number): unknown => {
    const k = int(depth > 2 ? 1 : 4);
    if (k === 1) return Array.from({ length: int(5) }, () => value(depth + 1));
    if (k === 2) return map(depth + 1);
    return scalar();
  };
  const map = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = int(6); i > 0; i--) out[key()] = value(depth);
    return out;
  };
  const nodes: Record<string, PipelineNode> = {};
  const ids: string[] = [];
  for (let i = int(7); i > 0; i--) {
    const id = `${ident()}_${i}`;
    const node: PipelineNode = { use: `${pick(['data.read_csv', 'code.python', 'note', 'train.xgb'])}@${1 + int(3)}` };
    if (ids.length && r() < 0.6) node.in = Object.fromEntries(ids.slice(0, 1 + int(3)).map((u, j) => [`in${j}`, `${u}.out${j}`]));
    if (r() < 0.7) node.with = map(1);
    if (r() < 0.3) node.code = pick(['df = df.dropna()\n', 'select 1', 'x = 1\n\n\ny = 2\n', '  indented\n', str()]);
    if (r() < 0.3) node.out = { df: 'table', m: 'metrics' };
    if (r() < 0.2) node.text = str();
    nodes[id] = node;
    ids.push(id);
  }
  const doc: PipelineDocument = {
    nodebook: 1,
    name: str() || 'p',
    params: Object.fromEntries(Array.from({ length: int(4) }, () => [ident().replace(/-/g, '_'), value(2)])),
    nodes,
    layout: Object.fromEntries(ids.filter(() => r() < 0.7).map((id) => [id, [int(2000) - 1000, r() < 0.2 ? 0.5 : int(900)]])),
  };
  if (r() < 0.3) doc.description = str();
  return pipelineDocumentSchema.parse(doc);
}

/** What a save keeps: empty in/with/out maps carry no meaning and are dropped. */
function withoutEmptyMaps(doc: PipelineDocument): PipelineDocument {
  const nodes: Record<string, PipelineNode> = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    const n: PipelineNode = { ...node };
    for (const k of ['in', 'with', 'out'] as const) if (n[k] && Object.keys(n[k]).length === 0) delete n[k];
    nodes[id] = n;
  }
  return { ...doc, nodes };
}

describe('serializePipeline', () => {
  it('keeps the DESIGN.md example byte-identical (it is canonical as written)', () => {
    expect(serializePipeline(load(designExample))).toBe(designExample);
  });

  it('is stable and loses nothing over many generated documents', () => {
    for (let seed = 1; seed <= 250; seed++) {
      const doc = randomDoc(seed);
      const once = serializePipeline(doc);
      const parsed = parsePipeline(once);
      if (parsed.diagnostics.length) throw new Error(`seed ${seed}: ${JSON.stringify(parsed.diagnostics)}\n${once}`);
      expect(parsed.doc, `seed ${seed}`).toEqual(withoutEmptyMaps(doc));
      expect(serializePipeline(parsed.doc!), `seed ${seed}`).toBe(once);
    }
  });

  it('writes no line longer than the width unless one scalar alone is longer', () => {
    for (let seed = 1; seed <= 200; seed++) {
      for (const line of serializePipeline(randomDoc(seed)).split('\n')) {
        if (line.length <= MAX_LINE_WIDTH) continue;
        // a long line must be a single key: scalar (or list item) that cannot break
        expect(line, `seed ${seed}`).not.toMatch(/^\s*[^\s].*: [{[]/);
      }
    }
  });

  it('fixes key order and drops empty maps, whatever order the input had', () => {
    const text = `layout: { b: [1, 2] }
nodes:
  b: { text: hi, with: {}, use: note@1 }
  a: { out: { y: table }, code: "x", in: {}, use: code.python@1 }
params: {}
name: demo
description: about
nodebook: 1
`;
    expect(serializePipeline(load(text))).toBe(`nodebook: 1
name: demo
description: about
params: {}
nodes:
  b: { use: note@1, text: hi }
  a: { use: code.python@1, code: x, out: { y: table } }
layout: { b: [1, 2] }
`);
  });

  it('keeps user order inside with: and params:, and writes multi-line strings as block literals', () => {
    const doc = load(`nodebook: 1
name: demo
params: { zeta: 1, alpha: 2 }
nodes:
  cell:
    use: code.python@1
    with: { zz: 1, aa: 2 }
    code: "import pandas\\nprint(1)\\n"
`);
    expect(serializePipeline(doc)).toBe(`nodebook: 1
name: demo
params: { zeta: 1, alpha: 2 }
nodes:
  cell:
    use: code.python@1
    with: { zz: 1, aa: 2 }
    code: |
      import pandas
      print(1)
layout: {}
`);
  });

  it('switches a map to block style only when its line would pass the width', () => {
    const fits = 'x'.repeat(MAX_LINE_WIDTH - '  n: { use: a@1, with: { p: "" } }'.length);
    const short = serializePipeline(load(`nodebook: 1\nname: w\nnodes:\n  n: { use: a@1, with: { p: ${fits} } }\n`));
    expect(short).toContain(`  n: { use: a@1, with: { p: ${fits} } }\n`);
    expect(short.split('\n').find((l) => l.startsWith('  n:'))).toHaveLength(MAX_LINE_WIDTH - 2);
    const long = serializePipeline(load(`nodebook: 1\nname: w\nnodes:\n  n: { use: a@1, with: { p: ${fits}yyy } }\n`));
    expect(long).toContain(`  n:\n    use: a@1\n    with: { p: ${fits}yyy }\n`);
  });

  it('does not keep comments, and normalizes quoting and number forms', () => {
    const text = `# my pipeline
nodebook: 1   # version
name: 'demo'
params: { a: 1.0, b: "x" }
nodes: {}
`;
    expect(serializePipeline(load(text))).toBe('nodebook: 1\nname: demo\nparams: { a: 1, b: x }\nnodes: {}\nlayout: {}\n');
  });

  it('writes a shared object twice instead of as a YAML alias', () => {
    const shared = { k: 1 };
    const out = serializePipeline({ nodebook: 1, name: 'a', params: {}, nodes: { a: { use: 'x@1', with: { s: shared } }, b: { use: 'x@1', with: { s: shared } } }, layout: {} });
    expect(out).not.toMatch(/[&*]a\d/);
    expect(out.match(/with: \{ s: \{ k: 1 \} \}/g)).toHaveLength(2);
  });
});
