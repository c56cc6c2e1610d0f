// Engine overhead: a pipeline of N trivial steps (data.sql@1 `SELECT i`) run by the engine,
// against the bare cost of running the same N tasks in freshly forked workers with the same
// parallelism and no engine (no planning, cache keys, artifact store or lineage). Then the
// fully cached re-run. Bundled by bench/engine-overhead.mjs so workers are the built worker.js.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRegistry } from '../main/components/index';
import { runPipeline } from '../main/engine/executor';
import { runInWorker, WorkerPool } from '../main/worker/spawn';
import { initWorkspace, openWorkspace } from '../main/workspace/workspace';
import { serializePipeline } from '../shared/pipeline/serialize';
import type { PipelineDocument } from '../shared/pipeline/document';

const n = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 2);
const reps = Number(process.argv[4] ?? 2);
const root = join(mkdtempSync(join(tmpdir(), 'nb-bench-engine-')), 'ws');
initWorkspace(root, 'bench');
writeFileSync(join(root, 'nodebook.yaml'), `nodebook: 1\nname: bench\nconcurrency: ${concurrency}\n`);
const doc: PipelineDocument = { nodebook: 1, name: 'trivial', params: {}, nodes: {}, layout: {} };
for (let i = 0; i < n; i++) doc.nodes[`n${i}`] = { use: 'data.sql@1', with: { query: `SELECT ${i} AS x` } };
writeFileSync(join(root, 'pipelines', 'trivial.nodebook.yaml'), serializePipeline(doc));

const ws = openWorkspace(root);
const registry = createRegistry();

async function pool(tasks: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) await tasks[next++]?.();
  }));
}

// Bare reference: the same tasks, each in its own fresh worker, same parallelism, and the same
// one pre-started spare the engine keeps, so the difference is the engine's own work.
const tmp = join(root, '.nodebook', 'bench-tmp');
async function bare(rep: number): Promise<number> {
  const spares = new WorkerPool({ componentModules: [], builtin: true }, 1);
  spares.warm(1);
  const t0 = performance.now();
  await pool(
    Array.from({ length: n }, (_, i) => () => {
      const dir = join(tmp, `${rep}-${i}`);
      mkdirSync(dir, { recursive: true });
      const child = spares.take();
      spares.warm(1);
      return runInWorker(
        { componentKey: 'data.sql@1', nodeId: `n${i}`, params: { query: `SELECT ${i} AS x` }, inputs: {}, outputs: { table: 'table' }, workspaceDir: root, tmpDir: dir, python: 'python3' },
        child ? { child } : {},
      );
    }),
    concurrency,
  );
  const ms = performance.now() - t0;
  await spares.close();
  return ms;
}

const run = (force: boolean) => runPipeline({ workspace: ws, registry, pipelinePath: 'pipelines/trivial.nodebook.yaml', trigger: 'api', force, onEvent: () => undefined });
async function engine(): Promise<[number, Awaited<ReturnType<typeof run>>]> {
  const t = performance.now();
  const summary = await run(true);
  return [performance.now() - t, summary];
}

// Alternated, so warm-up and the machine's other load fall on both sides alike.
const bareTimes: number[] = [];
const engineTimes: number[] = [];
let cold: Awaited<ReturnType<typeof run>> | undefined;
for (let rep = 0; rep < reps; rep++) {
  bareTimes.push(await bare(rep));
  const [ms, summary] = await engine();
  engineTimes.push(ms);
  cold = summary;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const bareMs = median(bareTimes);
const engineMs = median(engineTimes);
const t2 = performance.now();
const warm = await run(false);
const cachedMs = performance.now() - t2;
ws.close();
if (!cold) throw new Error('no engine run');

const states = (s: typeof cold) => Object.values(s.nodes).reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.state]: (acc[x.state] ?? 0) + 1 }), {});
console.log(`\n${n} trivial nodes (data.sql@1 SELECT i), parallelism ${concurrency}, ${reps} alternated repetitions (medians), ${process.platform} ${process.arch}`);
console.log(`bare runs: ${bareTimes.map((t) => (t / 1000).toFixed(1)).join(', ')} s; engine runs: ${engineTimes.map((t) => (t / 1000).toFixed(1)).join(', ')} s\n`);
console.log(`| what | wall time | per node |\n|---|---|---|`);
console.log(`| bare: ${n} tasks in freshly forked workers, no engine (reference) | ${(bareMs / 1000).toFixed(2)} s | ${(bareMs / n).toFixed(1)} ms |`);
console.log(`| engine: full run, cache bypassed (${JSON.stringify(states(cold))}) | ${(engineMs / 1000).toFixed(2)} s | ${(engineMs / n).toFixed(1)} ms |`);
console.log(`| engine overhead above the bare workers | ${((engineMs - bareMs) / 1000).toFixed(2)} s | ${((engineMs - bareMs) / n).toFixed(1)} ms |`);
console.log(`| engine: fully cached re-run (${JSON.stringify(states(warm))}) | ${(cachedMs / 1000).toFixed(2)} s | ${(cachedMs / n).toFixed(2)} ms |`);
