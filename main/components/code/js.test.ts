import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { PortType } from '../../../shared/pipeline/component-info';
import type { InputArtifact, RunContext, RunResult } from '../../engine/component';
import { queryRows, readTableExpr, sqlString, tableSchema, withDuck, writeParquet } from '../duck';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { jsCell } from './js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

type Params = { timeoutSeconds?: number | undefined };
const opened: TestContext<Params>[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.cleanup()));
});

interface CellOptions {
  code: string;
  outputs?: Record<string, PortType>;
  tables?: Record<string, string>;
  json?: Record<string, { type: PortType; value: unknown }>;
  signal?: AbortSignal;
  params?: Params;
  log?: (line: string) => void;
}

async function cell(options: CellOptions) {
  const tc = await createTestContext(jsCell, { params: options.params ?? {}, code: options.code, outputs: options.outputs ?? {} });
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
  const ctx: RunContext<Params> = {
    ...tc.ctx,
    nodeId: 'features',
    inputs,
    signal: options.signal ?? tc.ctx.signal,
    log: options.log ?? tc.ctx.log,
  };
  return { run: (): Promise<RunResult> => jsCell.run(ctx), logs: tc.logs, root: tc.root };
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
  (1, 10::BIGINT, 1.5, 'a', true, DATE '2024-01-02'),
  (2, NULL, NULL, NULL, NULL, NULL),
  (3, 9007199254740993, 2.25, 'NA', false, DATE '1999-12-31')
) AS t(id, n, x, s, b, d)`;

describe('code.js@1', () => {
  it('passes tables as row objects (safe BIGINT as numbers) and stores returned rows as Parquet', async () => {
    const { run, logs } = await cell({
      tables: { df: typed },
      code: [
        'console.log(JSON.stringify(df[0]));',
        'console.log(typeof df[2].n, df[2].n);',
        'const out = df.map((r) => ({ ...r, x2: r.x === null ? null : r.x * 2, big: r.id * 10 }));',
        'return { out };',
      ].join('\n'),
      outputs: { out: 'table' },
    });
    const result = await run();
    expect(logs[0]).toBe('{"id":1,"n":10,"x":1.5,"s":"a","b":true,"d":"2024-01-02T00:00:00.000Z"}');
    // beyond 2^53 a BIGINT comes as its exact decimal text
    expect(logs[1]).toBe('string 9007199254740993');
    const path = file(result, 'out');
    const { schema, rows } = await withDuck(async (conn) => ({
      schema: await tableSchema(conn, readTableExpr(path)),
      rows: await queryRows(conn, `SELECT id, x2, s, b, big FROM ${readTableExpr(path)} ORDER BY id`),
    }));
    expect(schema.map((c) => c.name)).toEqual(['id', 'n', 'x', 's', 'b', 'd', 'x2', 'big']);
    expect(schema.find((c) => c.name === 'id')?.type).toBe('BIGINT');
    expect(schema.find((c) => c.name === 'x2')?.type).toBe('DOUBLE');
    expect(schema.find((c) => c.name === 'b')?.type).toBe('BOOLEAN');
    expect(rows).toEqual([
      { id: 1n, x2: 3, s: 'a', b: true, big: 10n },
      { id: 2n, x2: null, s: null, b: null, big: 20n },
      { id: 3n, x2: 4.5, s: 'NA', b: false, big: 30n },
    ]);
    expect(result.outputs['out']?.meta).toEqual({ rows: 3 });
  });

  it('stores a column that is null in every row as VARCHAR, and Dates as timestamps', async () => {
    const { run } = await cell({
      code: 'return { t: [{ a: null, when: new Date("2024-01-01T00:00:00Z") }, { a: null, when: null }] };',
      outputs: { t: 'table' },
    });
    const path = file(await run(), 't');
    const schema = await withDuck((conn) => tableSchema(conn, readTableExpr(path)));
    expect(schema).toEqual([
      { name: 'a', type: 'VARCHAR' },
      { name: 'when', type: 'TIMESTAMP' },
    ]);
  });

  it('filters the real penguins data', async () => {
    const csv = join(fixtures, 'penguins.csv');
    const { run } = await cell({
      tables: { df: `SELECT * FROM read_csv(${sqlString(csv)}, header = true, nullstr = 'NA')` },
      code: 'return { df: df.filter((r) => Object.values(r).every((v) => v !== null)) };',
      outputs: { df: 'table' },
    });
    const result = await run();
    const rows = await withDuck((conn) => queryRows(conn, `SELECT count(*)::INT AS n FROM ${readTableExpr(file(result, 'df'))}`));
    expect(rows).toEqual([{ n: 333 }]);
  });

  it('streams console.log output while the cell is still running', async () => {
    const seen: { line: string; at: number }[] = [];
    const started = Date.now();
    const { run } = await cell({
      code: 'console.log("first");\nawait new Promise((r) => setTimeout(r, 1200));\nconsole.log("second");\nconsole.error("oops");',
      log: (line) => seen.push({ line, at: Date.now() - started }),
    });
    await run();
    expect(seen.map((s) => s.line)).toEqual(['first', 'second', 'oops']);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThan(900);
  });

  it('reads JSON inputs and writes metrics, values and Plotly figures', async () => {
    const { run } = await cell({
      json: { m: { type: 'metrics', value: { acc: 0.5 } } },
      code: 'return {\n  scores: { acc: m.acc + 0.25, label: "x" },\n  v: [1, 2n],\n  fig: { data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} },\n};',
      outputs: { scores: 'metrics', v: 'value', fig: 'figure' },
    });
    const result = await run();
    expect(json(result, 'scores')).toEqual({ acc: 0.75, label: 'x' });
    expect(json(result, 'v')).toEqual([1, 2]);
    expect(json(result, 'fig')).toEqual({ data: [{ type: 'bar', x: ['a'], y: [1] }], layout: {} });
    expect(result.outputs['fig']?.meta).toEqual({ format: 'plotly' });
    expect(result.metrics).toEqual({ acc: 0.75 });
  });

  it("reports an error with the cell's own frames and line numbers", async () => {
    const { run } = await cell({
      code: 'const a = 1;\nfunction f(o) {\n  return o.missing.deep;\n}\nreturn { v: f({}) };',
      outputs: { v: 'value' },
    });
    const err = await caught(run());
    expect(err.name).toBe('UserError');
    expect(err.message).toBe("TypeError: Cannot read properties of undefined (reading 'deep')");
    const details = err.details as { traceback: string; line: number; nodeId: string };
    expect(details.nodeId).toBe('features');
    expect(details.line).toBe(3);
    const frames = details.traceback.split('\n').slice(1);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toContain('<cell features>:3:');
    expect(frames[1]).toContain('<cell features>:5:');
    expect(details.traceback).not.toContain('runner.mjs');
  });

  it('reports a syntax error with the cell line', async () => {
    const { run } = await cell({ code: 'const a = 1;\nconst = 2;\n' });
    const err = await caught(run());
    expect(err.message).toMatch(/^SyntaxError: /);
    expect((err.details as { line: number }).line).toBe(2);
  });

  it('names the output when it is not returned, and the type found when it is wrong', async () => {
    const { run } = await cell({ code: 'return { other: 1 };', outputs: { df: 'table' } });
    const err = await caught(run());
    expect(err.message).toMatch(/^cell `features` did not set output `df`/);
    const { run: run2 } = await cell({ code: 'return { df: 42 };', outputs: { df: 'table' } });
    const err2 = await caught(run2());
    expect(err2.message).toContain('output `df` must be a table');
    expect(err2.message).toContain('found number');
  });

  it('kills the child process when the run is cancelled', async () => {
    const controller = new AbortController();
    const { run, root } = await cell({
      code: 'require("node:fs").writeFileSync("pid.txt", String(process.pid));\nawait new Promise((r) => setTimeout(r, 60000));',
      signal: controller.signal,
    });
    const pending = run();
    const pidPath = join(root, 'workspace', 'pid.txt');
    for (let i = 0; i < 100; i++) {
      if (await readFile(pidPath, 'utf8').catch(() => '')) break;
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
});
