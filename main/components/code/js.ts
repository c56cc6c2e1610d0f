import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UnexpectedError, UserError } from '../../../shared/errors';
import type { OutputValue, RunContext, RunResult } from '../../engine/component';
import { defineComponent } from '../../engine/component';
import { queryRows, readTableExpr, sqlIdent, sqlString, tableSchema, withDuck, writeParquet } from '../duck';
import { processFailure, readCellResult, runCellProcess } from './cell-process';
import { JS_RUNNER_SOURCE } from './js-runner';
import { cellParams, cellResult } from './lift-metrics';

const identifier = /^[A-Za-z_$][\w$]*$/;

/** DuckDB values as plain JSON: BIGINT → number when exact (else a string), dates → ISO text. */
export function toPlainJson(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainJson(v)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

async function prepareInputs(ctx: RunContext<unknown>): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  const tables: [string, string][] = [];
  for (const [name, input] of Object.entries(ctx.inputs)) {
    if (!identifier.test(name)) {
      throw new UserError('bad_input_name', `cell \`${ctx.nodeId}\`: input '${name}' is not a JavaScript identifier; rename it in \`in:\` (letters, digits, _ or $)`, {
        nodeId: ctx.nodeId,
      });
    }
    if (input.type === 'table') tables.push([name, input.path]);
    else if (input.type === 'metrics' || input.type === 'value' || (input.type === 'figure' && input.meta['format'] !== 'png')) {
      const parsed: unknown = JSON.parse(await readFile(input.path, 'utf8'));
      values[name] = parsed;
    } else values[name] = input.path;
  }
  if (tables.length > 0) {
    await withDuck(
      async (conn) => {
        for (const [name, path] of tables) values[name] = toPlainJson(await queryRows(conn, `SELECT * FROM ${readTableExpr(path)}`));
      },
      { signal: ctx.signal },
    );
  }
  return values;
}

const outputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('table'), path: z.string(), rows: z.number() }),
  z.object({ kind: z.literal('json'), path: z.string() }),
  z.object({ kind: z.literal('file'), path: z.string() }),
]);

async function collectOutputs(ctx: RunContext<unknown>, produced: Record<string, z.infer<typeof outputSchema>>, outDir: string): Promise<RunResult> {
  const outputs: Record<string, OutputValue> = {};
  const jsonByPort: Record<string, unknown> = {};
  const tables: [string, string][] = [];
  for (const [name, type] of Object.entries(ctx.outputs)) {
    const out = produced[name];
    if (!out) throw new UnexpectedError('runner_output_missing', `cell \`${ctx.nodeId}\`: the runner reported no output \`${name}\``);
    if (out.kind === 'table') tables.push([name, out.path]);
    else if (out.kind === 'json') {
      const json: unknown = JSON.parse(await readFile(out.path, 'utf8'));
      jsonByPort[name] = json;
      outputs[name] = type === 'figure' ? { json, meta: { format: 'plotly' } } : { json };
    } else outputs[name] = { file: out.path };
  }
  if (tables.length > 0) {
    await withDuck(
      async (conn) => {
        for (const [name, path] of tables) {
          const parquet = join(outDir, `${name}.parquet`);
          // sample_size -1: infer column types from every row, not the first few thousand
          const source = `read_json_auto(${sqlString(path)}, format = 'newline_delimited', sample_size = -1)`;
          try {
            // An all-null key is typed JSON, which Parquet readers see as an odd logical type
            const columns = (await tableSchema(conn, source)).map((c) =>
              c.type === 'JSON' ? `CAST(${sqlIdent(c.name)} AS VARCHAR) AS ${sqlIdent(c.name)}` : sqlIdent(c.name),
            );
            const { rows } = await writeParquet(conn, `SELECT ${columns.join(', ')} FROM ${source}`, parquet);
            outputs[name] = { file: parquet, meta: { rows } };
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            throw new UserError('cell_bad_table', `cell \`${ctx.nodeId}\`: output \`${name}\` could not be stored as a table: ${message}`, {
              nodeId: ctx.nodeId,
              output: name,
            });
          }
        }
      },
      { signal: ctx.signal },
    );
  }
  return cellResult(ctx.outputs, jsonByPort, outputs);
}

export const jsCell = defineComponent({
  id: 'code.js',
  version: 1,
  title: 'JavaScript',
  category: 'code',
  description:
    'Runs JavaScript in a fresh Node process. The code is the body of an async function: inputs are variables by name (tables as arrays of row objects) and it returns an object holding the declared outputs.',
  inputs: {},
  outputs: {},
  dynamicInputs: 'table',
  dynamicOutputs: true,
  codeLanguage: 'javascript',
  params: cellParams,
  fingerprint: () => Promise.resolve(`node ${process.version}`),
  async run(ctx) {
    const cellDir = join(ctx.tmpDir, 'js-cell');
    const outDir = join(cellDir, 'out');
    await mkdir(outDir, { recursive: true });
    const inputsPath = join(cellDir, 'inputs.json');
    await writeFile(inputsPath, JSON.stringify(await prepareInputs(ctx)));
    const runnerPath = join(cellDir, 'runner.mjs');
    await writeFile(runnerPath, JS_RUNNER_SOURCE);
    const specPath = join(cellDir, 'spec.json');
    const resultPath = join(cellDir, 'result.json');
    await writeFile(
      specPath,
      JSON.stringify({ nodeId: ctx.nodeId, code: ctx.code ?? '', inputsPath, outputs: ctx.outputs, outputDir: outDir, resultPath }),
    );

    const timeoutSeconds = ctx.params.timeoutSeconds;
    const exit = await runCellProcess({
      command: process.execPath,
      args: [runnerPath, specPath],
      cwd: resolve(ctx.workspaceDir),
      // Electron's binary acts as plain Node with this set; Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      signal: ctx.signal,
      timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      log: (line, stream) => ctx.log(line, stream),
      what: `Node (${process.execPath})`,
    });
    if (exit.cancelled || exit.timedOut || (exit.code !== 0 && exit.code !== 1)) {
      throw processFailure(ctx.nodeId, exit, 'Node', timeoutSeconds);
    }
    const produced = await readCellResult(resultPath, outputSchema, { nodeId: ctx.nodeId, exit, what: 'Node', timeoutSeconds });
    return collectOutputs(ctx, produced, outDir);
  },
});
