// data.profile against DuckDB's own SUMMARIZE and pandas describe() on the same generated CSV.
// Usage: node --import tsx bench/profile-vs-summarize.ts [rows=10000000]
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { withDuck, sqlString } from '../main/components/duck';
import { profile } from '../main/components/data/profile';
import { readCsv } from '../main/components/data/read-csv';
import { runComponent, table } from './bench-context';

const rows = Number(process.argv[2] ?? 10_000_000);
const dir = join(import.meta.dirname, 'out', 'profile');
mkdirSync(join(dir, 'data'), { recursive: true });
const csv = join(dir, 'data', `gen-${rows}.csv`);

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

try {
  statSync(csv);
} catch {
  console.log(`generating ${rows} rows × 10 columns…`);
  await withDuck(async (c) => {
    await c.run(`COPY (SELECT i AS id, random() * 100 AS a, random() AS b, (random() * 1000)::INTEGER AS c, sqrt(i % 977) AS d,
      CASE WHEN i % 13 = 0 THEN NULL ELSE random() * 5 END AS e, ['red','green','blue','teal'][1 + (i % 4)] AS colour,
      'k' || (i % 5000) AS key, (i % 2 = 0) AS flag, DATE '2020-01-01' + (i % 1500)::INTEGER AS day
      FROM range(${rows}) t(i)) TO ${sqlString(csv)} (HEADER)`);
  });
}
const mb = (statSync(csv).size / 1e6).toFixed(0);

const [summarizeCsvMs] = await timed(() => withDuck(async (c) => (await c.runAndReadAll(`SUMMARIZE SELECT * FROM read_csv(${sqlString(csv)})`)).getRowObjects()));
const [readMs, read] = await timed(() => runComponent(readCsv, { params: { path: `data/gen-${rows}.csv` }, workspaceDir: dir, outputs: { table: 'table' } }));
const out = read.outputs.table;
if (!out || !('file' in out)) throw new Error('read_csv produced no table');
const parquet = out.file;
const [summarizeParquetMs] = await timed(() => withDuck(async (c) => (await c.runAndReadAll(`SUMMARIZE SELECT * FROM read_parquet(${sqlString(parquet)})`)).getRowObjects()));
const [profileMs] = await timed(() =>
  runComponent(profile, { params: {}, workspaceDir: dir, inputs: { table: { type: 'table', path: parquet, sha256: '', meta: {} } }, outputs: { profile: 'metrics', figures: 'figure' } }),
);
let pandasMs: number | string = 'n/a (no pandas)';
try {
  const script = `import time, pandas as pd\nt=time.perf_counter()\ndf=pd.read_csv(${JSON.stringify(csv)})\ndf.describe(include='all')\nprint((time.perf_counter()-t)*1000)`;
  pandasMs = Number(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }).trim());
} catch (err) {
  pandasMs = `failed: ${(err as Error).message.split('\n')[0]}`;
}
const fmt = (ms: number | string) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(2)} s` : ms);
console.log(`\n${rows.toLocaleString('en')} rows × 10 columns, CSV ${mb} MB, ${process.platform} ${process.arch}, DuckDB threads 2\n`);
console.log(
  table([
    ['what', 'time', 'vs DuckDB SUMMARIZE'],
    ['DuckDB SUMMARIZE on the CSV (reference)', fmt(summarizeCsvMs), '1.00x'],
    ['Nodebook read_csv (CSV → zstd Parquet)', fmt(readMs), ''],
    ['DuckDB SUMMARIZE on that Parquet (reference)', fmt(summarizeParquetMs), '1.00x'],
    ['Nodebook data.profile on that Parquet', fmt(profileMs), `${(profileMs / summarizeParquetMs).toFixed(2)}x`],
    ['Nodebook read_csv + data.profile (from CSV)', fmt(readMs + profileMs), `${((readMs + profileMs) / summarizeCsvMs).toFixed(2)}x`],
    ['pandas read_csv + describe(include=all)', fmt(pandasMs), typeof pandasMs === 'number' ? `${(pandasMs / summarizeCsvMs).toFixed(2)}x` : ''],
  ]),
);
