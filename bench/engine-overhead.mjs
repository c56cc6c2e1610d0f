// Bundles bench/engine-overhead.ts next to the built worker (dist/main) and runs it.
// Usage: npm run build && node bench/engine-overhead.mjs [nodes=200] [parallelism=2] [repetitions=2]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'main', 'bench-engine-overhead.js');
await build({
  entryPoints: [join(root, 'bench', 'engine-overhead.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['better-sqlite3', '@duckdb/node-api', 'onnxruntime-node', 'bufferutil', 'utf-8-validate', 'tsx'],
  banner: { js: "import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
process.exit(spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit' }).status ?? 1);
