// Builds main (esbuild bundles) and the renderer (vite). `--if-stale` skips a part whose
// sources are older than its last build, so `npm start` is fast after the first time;
// `--main-only` skips the renderer (the CLI's run/runs/lineage do not serve a UI).
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ifStale = process.argv.includes('--if-stale');
const mainOnly = process.argv.includes('--main-only');
const dist = join(root, 'dist');

function newestMtime(paths) {
  let newest = 0;
  const stack = paths.map((p) => join(root, p)).filter((p) => existsSync(p));
  while (stack.length > 0) {
    const p = stack.pop();
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) stack.push(join(p, name));
    } else if (!p.endsWith('.test.ts')) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

function isStale(stamp, sources) {
  const file = join(dist, stamp);
  return !existsSync(file) || statSync(file).mtimeMs < newestMtime(sources);
}

const touch = (stamp) => writeFileSync(join(dist, stamp), new Date().toISOString());

const nodeExternal = ['better-sqlite3', '@duckdb/node-api', 'onnxruntime-node', 'electron', 'bufferutil', 'utf-8-validate', 'tsx'];
// Bundled ESM still meets CommonJS deps that call require(); give them one.
const banner = { js: "import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);" };

async function buildMain() {
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, external: nodeExternal, logLevel: 'warning' };
  await esbuild({ ...common, format: 'esm', banner, entryPoints: { cli: 'main/cli.ts', worker: 'main/worker/worker-main.ts' }, outdir: join(dist, 'main'), absWorkingDir: root });
  await esbuild({ ...common, format: 'esm', banner, entryPoints: { main: 'main/electron/main.ts' }, outdir: join(dist, 'main', 'electron'), absWorkingDir: root });
  // A sandboxed preload must be a single CommonJS file.
  await esbuild({ ...common, format: 'cjs', entryPoints: { preload: 'main/electron/preload.ts' }, outExtension: { '.js': '.cjs' }, outdir: join(dist, 'main', 'electron'), absWorkingDir: root });
}

async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

mkdirSync(dist, { recursive: true });
const started = Date.now();
const mainSources = ['main', 'shared', 'package.json'];
const rendererSources = ['renderer', 'shared', 'vite.config.ts', 'package.json'];
const parts = [];
if (!ifStale || isStale('.main-stamp', mainSources)) {
  await buildMain();
  touch('.main-stamp');
  parts.push('main');
}
if (!mainOnly && (!ifStale || isStale('.renderer-stamp', rendererSources))) {
  await buildRenderer();
  touch('.renderer-stamp');
  parts.push('renderer');
}
if (parts.length > 0) console.log(`Built ${parts.join(' and ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
