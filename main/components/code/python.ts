import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OperationalError, UnexpectedError } from '../../../shared/errors';
import type { PortType } from '../../../shared/pipeline/component-info';
import type { OutputValue, RunContext, RunResult } from '../../engine/component';
import { defineComponent } from '../../engine/component';
import { readTableExpr, withDuck, writeParquet } from '../duck';
import { processFailure, readCellResult, runCellProcess } from './cell-process';
import { cellParams, cellResult } from './lift-metrics';
import type { PythonEnv } from './python-env';
import { pythonFingerprint, resolvePython } from './python-env';
import type { ColumnSchema } from './python-tables';
import { csvToTypedParquet, parquetToCsv } from './python-tables';

const BRIDGE = join('resources', 'python', 'nodebook_cell.py');

/**
 * Where the bridge script lives. Code runs from source (main/components/code/) or bundled
 * into dist/main/worker.js, so walk up from this module to the folder holding resources/;
 * `NODEBOOK_RESOURCES` (the resources folder itself) wins, for packaged apps.
 */
export function bridgeScriptPath(): string {
  const fromEnv = process.env['NODEBOOK_RESOURCES'];
  if (fromEnv) {
    const candidate = join(fromEnv, 'python', 'nodebook_cell.py');
    if (existsSync(candidate)) return candidate;
    throw new OperationalError('bridge_missing', `NODEBOOK_RESOURCES is set to '${fromEnv}', but it has no python/nodebook_cell.py`);
  }
  const starts: string[] = [];
  try {
    starts.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // a CommonJS bundle has no import.meta.url; fall back to the working directory
  }
  starts.push(process.cwd());
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, BRIDGE);
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new OperationalError('bridge_missing', `The Python bridge ${BRIDGE} was not found above ${starts.join(' or ')}: reinstall Nodebook or set NODEBOOK_RESOURCES`);
}

const schemaSchema = z.array(z.object({ name: z.string(), type: z.string() }));

const outputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('table'), format: z.enum(['csv', 'parquet']), path: z.string(), schema: schemaSchema.optional(), rows: z.number() }),
  z.object({ kind: z.literal('json'), format: z.string(), path: z.string() }),
  z.object({ kind: z.literal('file'), path: z.string(), format: z.string().optional(), source: z.string().optional() }),
]);

type InputSpec =
  | { type: PortType; format: 'csv'; path: string; schema: ColumnSchema[] }
  | { type: PortType; format: 'parquet' | 'json' | 'path'; path: string };

async function prepareInputs(ctx: RunContext<unknown>, env: PythonEnv, inDir: string): Promise<Record<string, InputSpec>> {
  const specs: Record<string, InputSpec> = {};
  const tables: [string, string][] = [];
  for (const [name, input] of Object.entries(ctx.inputs)) {
    if (input.type === 'table') {
      if (env.packages.pyarrow !== undefined) specs[name] = { type: 'table', format: 'parquet', path: input.path };
      else tables.push([name, input.path]);
    } else if (input.type === 'metrics' || input.type === 'value' || (input.type === 'figure' && input.meta['format'] !== 'png')) {
      specs[name] = { type: input.type, format: 'json', path: input.path };
    } else {
      specs[name] = { type: input.type, format: 'path', path: input.path };
    }
  }
  if (tables.length > 0) {
    await withDuck(
      async (conn) => {
        for (const [name, path] of tables) {
          const csvPath = join(inDir, `${name}.csv`);
          const schema = await parquetToCsv(conn, path, csvPath);
          specs[name] = { type: 'table', format: 'csv', path: csvPath, schema };
        }
      },
      { signal: ctx.signal },
    );
  }
  return specs;
}

type CellOutput = z.infer<typeof outputSchema>;

async function collectOutputs(ctx: RunContext<unknown>, produced: Record<string, CellOutput>, outDir: string): Promise<RunResult> {
  const outputs: Record<string, OutputValue> = {};
  const jsonByPort: Record<string, unknown> = {};
  const tables: [string, CellOutput & { kind: 'table' }][] = [];
  for (const [name, type] of Object.entries(ctx.outputs)) {
    const out = produced[name];
    if (!out) throw new UnexpectedError('bridge_output_missing', `cell \`${ctx.nodeId}\`: the bridge reported no output \`${name}\``);
    if (out.kind === 'table') {
      tables.push([name, out]);
    } else if (out.kind === 'json') {
      const json: unknown = JSON.parse(await readFile(out.path, 'utf8'));
      jsonByPort[name] = json;
      outputs[name] = type === 'figure' ? { json, meta: { format: 'plotly' } } : { json };
    } else {
      outputs[name] = out.format === undefined ? { file: out.path } : { file: out.path, meta: { format: out.format } };
    }
  }
  if (tables.length > 0) {
    await withDuck(
      async (conn) => {
        for (const [name, out] of tables) {
          const parquet = join(outDir, `${name}.out.parquet`);
          const where = `cell \`${ctx.nodeId}\` output \`${name}\``;
          const { rows } =
            out.format === 'csv'
              ? await csvToTypedParquet(conn, out.path, out.schema ?? [], parquet, where)
              : // pyarrow's Parquet goes through DuckDB too, so every table artifact is written alike
                await writeParquet(conn, `SELECT * FROM ${readTableExpr(out.path)}`, parquet);
          outputs[name] = { file: parquet, meta: { rows } };
        }
      },
      { signal: ctx.signal },
    );
  }
  return cellResult(ctx.outputs, jsonByPort, outputs);
}

export const pythonCell = defineComponent({
  id: 'code.python',
  version: 1,
  title: 'Python',
  category: 'code',
  description:
    'Runs Python (pandas) code in a fresh interpreter. Inputs are variables by name (tables as DataFrames); declared outputs are read back from variables of the same name.',
  inputs: {},
  outputs: {},
  dynamicInputs: 'table',
  dynamicOutputs: true,
  codeLanguage: 'python',
  params: cellParams,
  fingerprint: ({ python }) => pythonFingerprint(python),
  async run(ctx) {
    const env = await resolvePython(ctx.python);
    const script = bridgeScriptPath();
    const cellDir = join(ctx.tmpDir, 'python-cell');
    const inDir = join(cellDir, 'in');
    const outDir = join(cellDir, 'out');
    await mkdir(inDir, { recursive: true });
    await mkdir(outDir, { recursive: true });

    const inputs = await prepareInputs(ctx, env, inDir);
    const specPath = join(cellDir, 'spec.json');
    const resultPath = join(cellDir, 'result.json');
    const spec = {
      nodeId: ctx.nodeId,
      code: ctx.code ?? '',
      inputs,
      outputs: ctx.outputs,
      outputDir: outDir,
      resultPath,
      pyarrow: env.packages.pyarrow !== undefined,
    };
    await writeFile(specPath, JSON.stringify(spec));

    const timeoutSeconds = ctx.params.timeoutSeconds;
    const exit = await runCellProcess({
      command: env.path,
      args: ['-u', script, specPath],
      cwd: resolve(ctx.workspaceDir),
      env: { ...process.env, MPLBACKEND: 'Agg', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
      signal: ctx.signal,
      timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      log: (line, stream) => ctx.log(line, stream),
      what: `Python interpreter '${env.path}'`,
    });
    if (exit.cancelled || exit.timedOut || (exit.code !== 0 && exit.code !== 1)) {
      throw processFailure(ctx.nodeId, exit, `Python (${env.path})`, timeoutSeconds);
    }
    const produced = await readCellResult(resultPath, outputSchema, { nodeId: ctx.nodeId, exit, what: `Python (${env.path})`, timeoutSeconds });
    return collectOutputs(ctx, produced, outDir);
  },
});
