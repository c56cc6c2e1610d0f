import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { PortType } from '../../shared/pipeline/component-info';
import type { ComponentDefinition, InputArtifact, RunContext, RunResult } from '../engine/component';
import { csvToParquet, withDuck } from './duck';

/** Absolute path of a fixture under main/components/data/fixtures/. */
export function fixturePath(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'data', 'fixtures', name);
}

export interface TestContextOptions {
  /** Raw params (the `with:` map); parsed with the component's schema so defaults apply. */
  readonly params?: unknown;
  readonly code?: string;
  /**
   * Inputs by port. A `.csv` path is converted to a zstd Parquet table artifact; any other
   * path is used as is with the port type `table` unless `inputTypes` says otherwise.
   */
  readonly inputs?: Record<string, string>;
  readonly inputTypes?: Record<string, PortType>;
  /** Output ports to request; defaults to the component's static outputs. */
  readonly outputs?: Record<string, PortType>;
  /** Files copied into the workspace dir: workspace-relative target → source path. */
  readonly workspaceFiles?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** RunContext.concurrency (default 2, the workspace default). */
  readonly concurrency?: number;
}

export interface TestContext<P> {
  readonly ctx: RunContext<P>;
  /** Root temp dir holding the workspace, the exec tmp dir and converted inputs. */
  readonly root: string;
  readonly logs: string[];
  readonly progress: { fraction: number; message?: string }[];
  /** Runs the component with this context. */
  run(): Promise<RunResult>;
  cleanup(): Promise<void>;
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/**
 * Builds a real RunContext for a component: real temp dirs, real Parquet inputs, collected
 * logs. Tests call the component's `run` with it, no worker involved (a component may still
 * start workers of its own, as tune.search does for its trials).
 */
export async function createTestContext<P extends z.ZodType>(
  def: ComponentDefinition<P>,
  options: TestContextOptions = {},
): Promise<TestContext<z.output<P>>> {
  const root = await mkdtemp(join(tmpdir(), 'nodebook-comp-'));
  const workspaceDir = join(root, 'workspace');
  const tmpDir = join(root, 'exec');
  const inputsDir = join(root, 'inputs');
  await Promise.all([mkdir(workspaceDir), mkdir(tmpDir), mkdir(inputsDir)]);

  for (const [target, source] of Object.entries(options.workspaceFiles ?? {})) {
    const dest = join(workspaceDir, target);
    await mkdir(dirname(dest), { recursive: true });
    await copyFile(source, dest);
  }

  const inputs: Record<string, InputArtifact> = {};
  for (const [port, source] of Object.entries(options.inputs ?? {})) {
    let path = source;
    if (extname(source).toLowerCase() === '.csv') {
      path = join(inputsDir, `${port}-${basename(source, extname(source))}.parquet`);
      // Fixtures mark missing values as NA (R's convention, as in penguins.csv).
      await withDuck((conn) => csvToParquet(conn, source, path, { nullValues: ['', 'NA'] }));
    }
    inputs[port] = { type: options.inputTypes?.[port] ?? 'table', path, sha256: await sha256File(path), meta: {} };
  }

  const outputs: Record<string, PortType> =
    options.outputs ??
    Object.fromEntries(Object.entries(def.outputs).map(([name, spec]) => [name, spec.type]));

  const logs: string[] = [];
  const progress: { fraction: number; message?: string }[] = [];
  const ctx: RunContext<z.output<P>> = {
    nodeId: 'test-node',
    params: def.params.parse(options.params ?? {}),
    code: options.code,
    inputs,
    outputs,
    workspaceDir,
    tmpDir,
    signal: options.signal ?? new AbortController().signal,
    python: 'python3',
    concurrency: options.concurrency ?? 2,
    log: (line) => logs.push(line),
    progress: (fraction, message) => progress.push(message === undefined ? { fraction } : { fraction, message }),
  };
  return {
    ctx,
    root,
    logs,
    progress,
    run: () => def.run(ctx),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
