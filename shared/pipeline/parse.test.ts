import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './document';
import { formatDiagnostic } from './document';
import { parsePipeline } from './parse';

/** Compact view of a diagnostic for exact assertions. */
const brief = (d: Diagnostic) => ({ code: d.code, at: `${d.line}:${d.column}`, nodeId: d.nodeId, field: d.field });

describe('parsePipeline', () => {
  it('returns a typed document with defaults for params, nodes and layout', () => {
    const { doc, diagnostics } = parsePipeline('nodebook: 1\nname: tiny\nnodes:\n  a: { use: data.read_csv@1, with: { path: x.csv } }\n');
    expect(diagnostics).toEqual([]);
    expect(doc).toEqual({
      nodebook: 1,
      name: 'tiny',
      params: {},
      nodes: { a: { use: 'data.read_csv@1', with: { path: 'x.csv' } } },
      layout: {},
    });
  });

  it('reports every YAML syntax error with its line and column, and no document', () => {
    const text = 'nodebook: 1\nname: x\nnodes:\n  a: { use: x@1\n  b: [\n';
    const { doc, diagnostics } = parsePipeline(text);
    expect(doc).toBeNull();
    expect(diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(diagnostics.every((d) => d.code === 'yaml-syntax' && d.severity === 'error')).toBe(true);
    expect(diagnostics.map((d) => d.line)).toEqual([5, 6]);
    expect(diagnostics[0]!.message).toMatch(/^YAML: Flow map .* end with a }$/);
  });

  it('rejects duplicate node ids at the second one', () => {
    const { doc, diagnostics } = parsePipeline('nodebook: 1\nname: x\nnodes:\n  a: { use: a@1 }\n  a: { use: b@1 }\n');
    expect(doc).toBeNull();
    expect(diagnostics.map(brief)).toEqual([{ code: 'yaml-syntax', at: '5:3', nodeId: undefined, field: undefined }]);
    expect(diagnostics[0]!.message).toMatch(/unique/);
  });

  it('reports every schema error at once, each at its key or value, with node and field', () => {
    const text = [
      'nodebook: 2', // 1
      'name: x', // 2
      'extra: 1', // 3
      'nodes:', // 4
      '  a: { use: data.read_csv@1, wth: {}, in: { x: "bad binding" } }', // 5
      '  1b:', // 6
      '    use: nope', // 7
      '    foo: 1', // 8
      '  c:', // 9
      '    in: { t: a.table }', // 10
      '  d: { use: x@1, out: { y: tabel }, code: 3 }', // 11
      'layout: { a: [1], b: [1, 2] }', // 12
      'params: { bad-name: 1 }', // 13
    ].join('\n');
    const { doc, diagnostics } = parsePipeline(`${text}\n`);
    expect(doc).toBeNull();
    expect(diagnostics.map(brief)).toEqual([
      { code: 'invalid-value', at: '1:11', nodeId: undefined, field: 'nodebook' },
      { code: 'unknown-key', at: '3:1', nodeId: undefined, field: 'extra' },
      { code: 'unknown-key', at: '5:30', nodeId: 'a', field: 'wth' },
      { code: 'invalid-binding', at: '5:48', nodeId: 'a', field: 'in.x' },
      { code: 'invalid-node-id', at: '6:3', nodeId: '1b', field: undefined },
      { code: 'invalid-use', at: '7:10', nodeId: '1b', field: 'use' },
      { code: 'unknown-key', at: '8:5', nodeId: '1b', field: 'foo' },
      { code: 'missing-key', at: '9:3', nodeId: 'c', field: 'use' },
      { code: 'invalid-value', at: '11:28', nodeId: 'd', field: 'out.y' },
      { code: 'invalid-type', at: '11:43', nodeId: 'd', field: 'code' },
      { code: 'invalid-value', at: '12:11', nodeId: undefined, field: 'layout.a' },
      { code: 'invalid-param-name', at: '13:11', nodeId: undefined, field: 'params.bad-name' },
    ]);
    const messages = diagnostics.map((d) => d.message);
    expect(messages).toContain('unknown key "wth" in node. Did you mean "with"? Allowed keys: use, in, with, code, out, text.');
    expect(messages.find((m) => m.includes('tabel'))).toMatch(/Did you mean "table"\?/);
    expect(messages.find((m) => m.startsWith('missing required key "use"'))).toBeDefined();
    expect(formatDiagnostic(diagnostics[6]!, 'pipelines/p.nodebook.yaml')).toBe(
      'pipelines/p.nodebook.yaml:8:5: [node 1b] unknown key "foo" in node. Allowed keys: use, in, with, code, out, text.',
    );
  });

  it('names a wrong type and what was expected', () => {
    const { diagnostics } = parsePipeline('nodebook: 1\nname: x\nnodes:\n  a:\n    use: a@1\n    with: [1, 2]\n');
    expect(diagnostics.map(brief)).toEqual([{ code: 'invalid-type', at: '6:5', nodeId: 'a', field: 'with' }]);
    expect(diagnostics[0]!.message).toBe('with: expected a map (key: value), got a list of 2 items');
  });

  it('explains an empty file and a missing nodebook line', () => {
    expect(parsePipeline('').diagnostics.map((d) => d.code)).toEqual(['empty-document']);
    const { diagnostics } = parsePipeline('name: x\nnodes: {}\n');
    expect(diagnostics.map(brief)).toEqual([{ code: 'missing-key', at: '1:1', nodeId: undefined, field: 'nodebook' }]);
    expect(diagnostics[0]!.message).toContain('nodebook: 1');
  });

  it('locates keys and values, falling back to the nearest existing parent', () => {
    const text = 'nodebook: 1\nname: x\nnodes:\n  split:\n    use: data.split@1\n    in: { table: penguins.table }\n';
    const { locate } = parsePipeline(text);
    expect(locate(['nodes', 'split'])).toEqual({ line: 4, column: 3 });
    expect(locate(['nodes', 'split', 'use'])).toEqual({ line: 5, column: 10 });
    expect(locate(['nodes', 'split', 'use'], 'key')).toEqual({ line: 5, column: 5 });
    expect(locate(['nodes', 'split', 'in', 'table'])).toEqual({ line: 6, column: 18 });
    expect(locate(['nodes', 'split', 'with', 'seed'])).toEqual({ line: 4, column: 3 });
    expect(locate([])).toEqual({ line: 1, column: 1 });
  });
});
