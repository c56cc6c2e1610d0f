import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortType } from '../../../shared/pipeline/component-info';
import { AppError } from '../../../shared/errors';
import type { InputArtifact, RunContext, RunResult } from '../../engine/component';
import { queryRows, readTableExpr, sqlString, tableSchema, withDuck, writeParquet } from '../duck';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { pythonCell } from './python';
import { resolvePython } from './python-env';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const python = await resolvePython('python3').then(
  (env) => ({ env, reason: '' }),
  (err: unknown) => ({ env: undefined, reason: err instanceof Error ? err.message : String(err) }),
);
const noPandas = python.env === undefined;
if (noPandas) console.warn(`skipping Python cell tests: ${python.reason}`);

type Params = { timeoutSeconds?: number | undefined };
const opened: TestContext<Params>[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.cleanup()));
});

interface CellOptions {
  code: string;
  outputs?: Record<string, PortType>;
  /** port → SQL SELECT producing the table, written as a Parquet input */
  tables?: Record<string, string>;
  json?: Record<string, { type: PortType; value: unknown }>;
  signal?: AbortSignal;
  params?: Params;
}

async function cell(options: CellOptions) {
  const tc = await createTestContext(pythonCell, { params: options.params ?? {}, code: options.code, outputs: options.outputs ?? {} });
  opened.push(tc);
  const inputs: Record<string, InputArtifact> = {};
  await withDuck(async (conn) => {
    for (const [port, select] of Object.entries(options.tables ?? {})) {
      const path = join(tc.root, `${port}.parquet`);
      await writeParquet(conn, select, path);
      inputs[port] = { type: 'table', path, sha256: 'x', meta: {} };
    }
  });
  for (const [port, { type, value }] of Object.entries(options.json ?? {})) {
    const path = join(tc.root, `${port}.json`);
    await writeFile(path, JSON.stringify(value));
    inputs[port] = { type, path, sha256: 'x', meta: {} };
  }
  const ctx: RunContext<Params> = { ...tc.ctx, nodeId: 'features', inputs, signal: options.signal ?? tc.ctx.signal };
  return { run: (): Promise<RunResult> => pythonCell.run(ctx), logs: tc.logs, root: tc.root };
}

function file(result: RunResult, port: string): string {
  const out = result.outputs[port];
  if (!out || !('file' in out)) throw new Error(`output ${port} is not a file`);
  return out.file;
}
function json(result: RunResult, port: string): unknown {
  const out = result.outputs[port];
  if (!out || !('json' in out)) throw new Error(`output ${port} is not JSON`);
  return out.json;
}
/** Whether a process still runs; a zombie awaiting its reaper counts as ended. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the cell to fail');
}

const typed = `SELECT * FROM (VALUES
  (1, 10::BIGINT, 1.5, 'a', true, DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, -7, 2.25, '', false, DATE '1999-12-31', TIMESTAMP '1999-12-31 23:59:59'),
  (4, 9007199254740993, 0.30000000000000004, 'NA', true, DATE '2000-02-29', TIMESTAMP '2000-02-29 12:00:00')
) AS t(id, n, x, s, b, d, ts)`;

describe.skipIf(noPandas)('code.python@1', () => {
  it('round-trips a table with its dtypes: ints, nullable ints, floats, strings, bools, dates, nulls', async () => {
    const { run, logs } = await cell({
      tables: { df: typed },
      code: [
        'print(df.dtypes.astype(str).to_dict())',
        'print(repr(df["s"].tolist()))',
        'print(type(df["d"][0]).__name__)',
        'df["n2"] = df["n"] * 2',
        'out = df',
      ].join('\n'),
      outputs: { out: 'table' },
    });
    const result = await run();
    expect(logs[0]).toBe(
      "{'id': 'int64', 'n': 'Int64', 'x': 'float64', 's': 'object', 'b': 'boolean', 'd': 'object', 'ts': 'datetime64[ns]'}",
    );
    // the empty string and the string 'NA' stay strings; only NULL is missing
    expect(logs[1]).toBe("['a', nan, '', 'NA']");
    expect(logs[2]).toBe('date');
    const path = file(result, 'out');
    const { schema, rows } = await withDuck(async (conn) => ({
      schema: await tableSchema(conn, readTableExpr(path)),
      rows: await queryRows(conn, `SELECT id, n, n2, x, s, b, CAST(d AS VARCHAR) AS d, CAST(ts AS VARCHAR) AS ts FROM ${readTableExpr(path)} ORDER BY id`),
    }));
    expect(schema).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'n', type: 'BIGINT' },
      { name: 'x', type: 'DOUBLE' },
      { name: 's', type: 'VARCHAR' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 'd', type: 'DATE' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'n2', type: 'BIGINT' },
    ]);
    expect(rows).toEqual([
      { id: 1n, n: 10n, n2: 20n, x: 1.5, s: 'a', b: true, d: '2024-01-02', ts: '2024-01-02 03:04:05' },
      { id: 2n, n: null, n2: null, x: null, s: null, b: null, d: null, ts: null },
      { id: 3n, n: -7n, n2: -14n, x: 2.25, s: '', b: false, d: '1999-12-31', ts: '1999-12-31 23:59:59' },
      { id: 4n, n: 9007199254740993n, n2: 18014398509481986n, x: 0.30000000000000004, s: 'NA', b: true, d: '2000-02-29', ts: '2000-02-29 12:00:00' },
    ]);
    expect(result.outputs['out']?.meta).toEqual({ rows: 4 });
  });

  it('runs dropna on the real penguins data', async () => {
    const csv = join(fixtures, 'penguins.csv');
    const { run, logs } = await cell({
      tables: { df: `SELECT * FROM read_csv(${sqlString(csv)}, header = true, nullstr = 'NA')` },
      code: 'print(len(df))\ndf = df.dropna()\nprint(len(df), df["body_mass_g"].dtype)\n',
      outputs: { df: 'table' },
    });
    const result = await run();
    expect(logs).toEqual(['344', '333 Int64']);
    const rows = await withDuck((conn) =>
      queryRows(conn, `SELECT count(*)::INT AS n, count(DISTINCT species)::INT AS species, min(body_mass_g)::INT AS light FROM ${readTableExpr(file(result, 'df'))}`),
    );
    expect(rows).toEqual([{ n: 333, species: 3, light: 2700 }]);
    // The unnamed index dropna leaves behind is row positions, not data: no `index` column.
    const columns = await withDuck((conn) => queryRows(conn, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${readTableExpr(file(result, 'df'))})`));
    expect(columns.map((c) => c.column_name)).toEqual(['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year']);
  });

  it('streams print output to the log while the cell is still running', async () => {
    const seen: { line: string; at: number }[] = [];
    const tc = await createTestContext(pythonCell, { code: '', outputs: {} });
    opened.push(tc);
    const started = Date.now();
    const ctx: RunContext<Params> = {
      ...tc.ctx,
      nodeId: 'features',
      code: 'import time, sys\nprint("first")\ntime.sleep(1.5)\nprint("second")\nprint("oops", file=sys.stderr)',
      log: (line) => seen.push({ line, at: Date.now() - started }),
    };
    await pythonCell.run(ctx);
    expect(seen.map((s) => s.line)).toEqual(['first', 'second', 'oops']);
    const [first, second] = seen;
    // "first" arrived well before the sleep ended, i.e. it was not buffered until exit
    expect(second!.at - first!.at).toBeGreaterThan(1000);
  });

  it('writes metrics (numpy scalars converted) and lifts their numbers onto the run', async () => {
    const { run } = await cell({
      tables: { df: typed },
      code: 'import numpy as np\nm = {"rows": len(df), "max_x": df["x"].max(), "max_id": np.int64(df["id"].max()), "name": "t", "nan": float("nan")}',
      outputs: { m: 'metrics' },
    });
    const result = await run();
    expect(json(result, 'm')).toEqual({ rows: 4, max_x: 2.25, max_id: 4, name: 't', nan: null });
    expect(result.metrics).toEqual({ rows: 4, max_x: 2.25, max_id: 4 });
  });

  it('reads JSON inputs (metrics, value) as Python objects and writes a value', async () => {
    const { run } = await cell({
      json: { m: { type: 'metrics', value: { acc: 0.5 } }, v: { type: 'value', value: [1, 2] } },
      code: 'answer = {"acc2": m["acc"] * 2, "v": v + [3]}',
      outputs: { answer: 'value' },
    });
    expect(json(await run(), 'answer')).toEqual({ acc2: 1, v: [1, 2, 3] });
  });

  it('outputs a Plotly figure as Plotly JSON', async () => {
    const { run } = await cell({
      tables: { df: typed },
      code: 'import plotly.graph_objects as go\nfig = go.Figure(go.Scatter(x=df["id"], y=df["x"], mode="markers"))',
      outputs: { fig: 'figure' },
    });
    const result = await run();
    const fig = json(result, 'fig');
    expect(fig).toMatchObject({ data: [{ type: 'scatter', mode: 'markers', x: [1, 2, 3, 4] }] });
    expect(result.outputs['fig']?.meta).toEqual({ format: 'plotly' });
  });

  it('outputs a matplotlib figure as a PNG file', async () => {
    const { run } = await cell({
      tables: { df: typed },
      code: 'import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot(df["id"], df["x"])',
      outputs: { fig: 'figure' },
    });
    const result = await run();
    expect(result.outputs['fig']?.meta).toEqual({ format: 'png' });
    const png = await readFile(file(result, 'fig'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(1000);
  });

  it('reports an exception with only the cell frames and the cell line number', async () => {
    const { run } = await cell({
      tables: { df: typed },
      code: 'x = 1\ndef f(d):\n    return d["no_such_column"]\ny = f(df)\n',
      outputs: {},
    });
    const err = await caught(run());
    expect(err.name).toBe('UserError');
    expect(err.message).toBe("KeyError: 'no_such_column'");
    const details = err.details as { traceback: string; line: number; nodeId: string };
    expect(details.nodeId).toBe('features');
    expect(details.line).toBe(3);
    expect(details.traceback).toContain('File "<cell features>", line 4, in <module>');
    expect(details.traceback).toContain('File "<cell features>", line 3, in f');
    expect(details.traceback).toContain('return d["no_such_column"]');
    expect(details.traceback).not.toContain('nodebook_cell.py');
    expect(details.traceback).not.toContain('pandas');
    expect(details.traceback.trim().split('\n').filter((l) => l.trim().startsWith('File '))).toHaveLength(2);
  });

  it('reports a syntax error with the cell line', async () => {
    const { run } = await cell({ code: 'a = 1\nb = (\n', outputs: {} });
    const err = await caught(run());
    expect(err.name).toBe('UserError');
    expect(err.message).toMatch(/^SyntaxError: /);
    expect((err.details as { traceback: string }).traceback).toContain('File "<cell features>", line 2');
  });

  it('names the cell and the output when an output variable is not set', async () => {
    const { run } = await cell({ code: 'x = 1', outputs: { df: 'table' } });
    const err = await caught(run());
    expect(err.name).toBe('UserError');
    expect(err.message).toMatch(/^cell `features` did not set output `df`/);
  });

  it('names the output and the type found when an output has the wrong type', async () => {
    const { run } = await cell({ code: 'df = 42\nm = [1]', outputs: { df: 'table' } });
    const err = await caught(run());
    expect(err.name).toBe('UserError');
    expect(err.message).toContain('output `df` must be a table');
    expect(err.message).toContain('found int');
    const { run: run2 } = await cell({ code: 'm = [1]', outputs: { m: 'metrics' } });
    const err2 = await caught(run2());
    expect(err2.message).toContain('output `m` must be metrics');
    expect(err2.message).toContain('found list');
  });

  it('accepts anything pandas turns into a DataFrame, and keeps a meaningful index', async () => {
    const { run } = await cell({
      tables: { df: typed },
      code: 'rows = [{"k": "a", "v": 1}, {"k": "b", "v": 2}]\nby = df.groupby("b")["id"].sum()',
      outputs: { rows: 'table', by: 'table' },
    });
    const result = await run();
    const [rows, by] = await withDuck(async (conn) => [
      await queryRows(conn, `SELECT * FROM ${readTableExpr(file(result, 'rows'))}`),
      await queryRows(conn, `SELECT * FROM ${readTableExpr(file(result, 'by'))} ORDER BY b`),
    ]);
    expect(rows).toEqual([{ k: 'a', v: 1n }, { k: 'b', v: 2n }]);
    expect(by).toEqual([{ b: false, id: 3n }, { b: true, id: 5n }]);
  });

  it('kills the interpreter when the run is cancelled', async () => {
    const controller = new AbortController();
    const { run, root } = await cell({
      code: 'import os, time\nopen("pid.txt", "w").write(str(os.getpid()))\ntime.sleep(60)',
      signal: controller.signal,
    });
    const pending = run();
    // cancel once the cell is really running
    const pidPath = join(root, 'workspace', 'pid.txt');
    for (let i = 0; i < 100; i++) {
      const pid = await readFile(pidPath, 'utf8').catch(() => '');
      if (pid) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const abortedAt = Date.now();
    controller.abort();
    const err = await caught(pending);
    expect(err.code).toBe('cancelled');
    expect(Date.now() - abortedAt).toBeLessThan(2000);
    const pid = Number(await readFile(pidPath, 'utf8'));
    expect(await isRunning(pid)).toBe(false);
  });

  it('ends processes the cell started and left running', async () => {
    const { run, root } = await cell({
      code: 'import subprocess\np = subprocess.Popen(["sleep", "30"])\nopen("child.txt", "w").write(str(p.pid))',
    });
    const started = Date.now();
    await run();
    expect(Date.now() - started).toBeLessThan(5000);
    const pid = Number(await readFile(join(root, 'workspace', 'child.txt'), 'utf8'));
    expect(await isRunning(pid)).toBe(false);
  });

  it('stops a cell at its timeout', async () => {
    const { run } = await cell({ code: 'import time\ntime.sleep(30)', params: { timeoutSeconds: 0.5 } });
    const err = await caught(run());
    expect(err.code).toBe('cell_timeout');
    expect(err.message).toContain('timeoutSeconds');
  });

  it('runs with the workspace as the working directory and the model output copied', async () => {
    const { run } = await cell({
      code: 'import os\nopen("model.onnx", "wb").write(b"onnx-bytes")\nmodel = "model.onnx"\nwhere = os.getcwd()',
      outputs: { model: 'model', where: 'value' },
    });
    const result = await run();
    expect(await readFile(file(result, 'model'), 'utf8')).toBe('onnx-bytes');
    expect(String(json(result, 'where'))).toMatch(/workspace$/);
  });
});

describe('code.python@1 without an interpreter', () => {
  it('fails with an OperationalError that says how to install python3', async () => {
    const tc = await createTestContext(pythonCell, { code: 'x = 1', outputs: {} });
    opened.push(tc);
    const err = await caught(pythonCell.run({ ...tc.ctx, python: '/opt/no-such-python/bin/python3' }));
    expect(err.name).toBe('OperationalError');
    expect(err.message).toContain("Python interpreter '/opt/no-such-python/bin/python3' not found");
    expect(err.message).toContain('apt-get install python3 python3-pandas');
    expect(err.message).toContain('`python:` in nodebook.yaml');
  });
});
