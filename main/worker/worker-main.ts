import { pathToFileURL } from 'node:url';
import { UserError, toErrorShape } from '../../shared/errors';
import type { z } from 'zod';
import type { ComponentDefinition, ComponentRegistry, OutputValue, RunResult } from '../engine/component';
import { componentKey } from '../engine/component';
import type { FromWorkerIn, workerTaskSchema } from './protocol';
import { checkModelOutput } from './check-model';
import { toWorkerSchema } from './protocol';

/**
 * A worker process runs exactly one node execution and exits: a fresh process per node
 * keeps no hidden state between nodes and makes cancellation a plain kill. The one exception
 * is a task sent with `keepAlive` (tune.search's trials, all of one node): the process then
 * waits for the next task, with a fresh abort signal for each.
 */
let controller = new AbortController();

function send(message: FromWorkerIn): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function isComponent(value: unknown): value is ComponentDefinition {
  return typeof value === 'object' && value !== null && 'id' in value && 'version' in value && 'run' in value;
}

/** Collects component definitions a module exports (arrays of them or single ones). */
function componentsOf(mod: Record<string, unknown>): ComponentDefinition[] {
  const found: ComponentDefinition[] = [];
  for (const value of Object.values(mod)) {
    if (Array.isArray(value)) found.push(...value.filter(isComponent));
    else if (isComponent(value)) found.push(value);
  }
  return found;
}

const modules = new Map<string, Promise<Record<string, unknown>>>();
function importModule(path: string): Promise<Record<string, unknown>> {
  let found = modules.get(path);
  if (!found) {
    found = import(pathToFileURL(path).href);
    modules.set(path, found);
  }
  return found;
}

// Loaded only when needed (or preloaded): the built-in registry pulls in DuckDB, which a fixture component never needs.
let builtinRegistry: Promise<ComponentRegistry> | undefined;
const builtin = (): Promise<ComponentRegistry> =>
  (builtinRegistry ??= import('../components/index').then((m: { createRegistry(): ComponentRegistry }) => m.createRegistry()));

async function findComponent(key: string, extra: readonly string[]): Promise<ComponentDefinition> {
  for (const path of extra) {
    const def = componentsOf(await importModule(path)).find((d) => componentKey(d) === key);
    if (def) return def;
  }
  const def = (await builtin()).get(key);
  if (!def) throw new UserError('unknown_component', `Unknown component ${key}`);
  return def;
}

/** A failed preload is reported by the task that needs the module, not here. */
const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);

async function runTask(task: z.output<typeof workerTaskSchema>): Promise<void> {
  const def = await findComponent(task.componentKey, task.componentModules);
  const params = def.params.safeParse(task.params ?? {});
  if (!params.success) {
    const fields = params.error.issues.map((i) => `${[task.nodeId, 'with', ...i.path.map(String)].join('.')}: ${i.message}`);
    throw new UserError('invalid_params', `Invalid params for node ${task.nodeId}: ${fields.join('; ')}`, { nodeId: task.nodeId, fields });
  }
  const result: RunResult = await def.run({
    nodeId: task.nodeId,
    params: params.data,
    code: task.code,
    inputs: task.inputs,
    outputs: task.outputs,
    workspaceDir: task.workspaceDir,
    tmpDir: task.tmpDir,
    signal: controller.signal,
    python: task.python,
    concurrency: task.concurrency,
    log: (line, stream = 'stdout') => void send({ type: 'log', stream, line }),
    progress: (fraction, message) => void send({ type: 'progress', fraction: Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0, message }),
  });
  const checked: [string, OutputValue][] = [];
  for (const [port, v] of Object.entries(result.outputs)) {
    checked.push([port, task.outputs[port] === 'model' ? await checkModelOutput(task.nodeId, port, v) : v]);
  }
  // `{ json: undefined }` would vanish in transit and read as no output at all.
  const outputs = Object.fromEntries(checked.map(([port, v]) => [port, 'json' in v ? { ...v, json: v.json ?? null } : v]));
  await send({
    type: 'result',
    outputs,
    metrics: result.metrics ?? {},
    warnings: [...(result.warnings ?? [])],
    children: [...(result.children ?? [])],
  });
}

let busy = false;
process.on('message', (raw: unknown) => {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) return;
  if (parsed.data.type === 'cancel') {
    controller.abort(new Error('cancelled'));
    return;
  }
  if (parsed.data.type === 'preload') {
    parsed.data.componentModules.forEach((m) => quietly(importModule(m)));
    if (parsed.data.builtin) quietly(builtin());
    return;
  }
  if (busy) return;
  busy = true;
  const task = parsed.data.task;
  runTask(task)
    .catch((err: unknown) => send({ type: 'error', error: toErrorShape(err) }))
    .finally(() => {
      if (!task.keepAlive) process.exit(0);
      controller = new AbortController();
      busy = false;
    });
});

// On SIGTERM give the component a moment to stop its own children (Python, DuckDB) via the signal.
const stop = (code: number) => {
  controller.abort(new Error('cancelled'));
  setTimeout(() => process.exit(code), 300).unref();
};
process.on('SIGTERM', () => stop(143));
// The engine died (kill -9, a crash): nobody will store this node's outputs, so stop working.
process.on('disconnect', () => stop(137));
