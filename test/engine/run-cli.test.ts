import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cliRun, jsonLines, makeWorkspace, startCli } from './cli-helpers';

const PENGUINS = `nodebook: 1
name: penguins
params: { seed: 42, target: species }
nodes:
  intro: { use: note@1, text: "## Penguins" }
  penguins: { use: data.read_csv@1, with: { path: data/penguins.csv } }
  split:
    use: data.split@1
    in: { table: penguins.table }
    with: { fractions: { train: 0.7, test: 0.3 }, stratify: "\${params.target}", seed: "\${params.seed}" }
  sample: { use: data.sample@1, in: { table: split.train }, with: { n: 10 } }
`;

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
const workspace = (pipelines: Record<string, string>) => {
  const d = makeWorkspace(pipelines);
  dirs.push(d);
  return d;
};
type Summary = { run: string; status: string; nodes: Record<string, { state: string; outputs: Record<string, { artifact: string; sha256: string }> }> };
const summaryOf = (stdout: string): Summary => {
  const last = jsonLines(stdout).at(-1);
  expect(last).toHaveProperty('run');
  return last as unknown as Summary;
};
const states = (s: Summary) => Object.fromEntries(Object.entries(s.nodes).map(([id, n]) => [id, n.state]));

describe('nodebook run (CLI)', () => {
  it('caches a second run, re-runs only what a changed param reaches, and answers runs and lineage', async () => {
    const dir = workspace({ penguins: PENGUINS });
    const file = join(dir, 'pipelines', 'penguins.nodebook.yaml');
    const first = await cliRun(['run', file, '--json'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const s1 = summaryOf(first.stdout);
    expect(s1.status).toBe('succeeded');
    expect(states(s1)).toEqual({ penguins: 'done', split: 'done', sample: 'done' });
    expect(jsonLines(first.stdout)[0]).toMatchObject({ type: 'runStarted', pipeline: 'penguins' });

    const second = await cliRun(['run', file, '--json'], dir);
    expect(second.code).toBe(0);
    expect(states(summaryOf(second.stdout))).toEqual({ penguins: 'cached', split: 'cached', sample: 'cached' });
    expect(summaryOf(second.stdout).nodes.sample?.outputs).toEqual(s1.nodes.sample?.outputs);

    const third = await cliRun(['run', file, '--json', '--param', 'seed=7'], dir);
    expect(third.code).toBe(0);
    expect(states(summaryOf(third.stdout))).toEqual({ penguins: 'cached', split: 'done', sample: 'done' });

    const readable = await cliRun(['run', file, '--node', 'split'], dir);
    expect(readable.code).toBe(0);
    expect(readable.stdout).toMatch(/penguins\s+cached/);
    expect(readable.stdout).not.toMatch(/sample/);

    const runs = await cliRun(['runs', '--workspace', dir, '--json'], dir);
    expect(runs.code).toBe(0);
    expect(jsonLines(runs.stdout).map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);

    const artifact = summaryOf(third.stdout).nodes.sample!.outputs.table!.artifact;
    const lineage = await cliRun(['lineage', artifact, '--workspace', dir, '--json'], dir);
    expect(lineage.code).toBe(0);
    const graph = JSON.parse(lineage.stdout) as { upstream: { executions: { nodeId: string }[]; artifacts: { type: string; uri: string }[] } };
    expect(graph.upstream.executions.map((x) => x.nodeId).sort()).toEqual(['penguins', 'sample', 'split']);
    expect(graph.upstream.artifacts.find((a) => a.type === 'source')?.uri).toBe(join(dir, 'data', 'penguins.csv'));
    const tree = await cliRun(['lineage', artifact, '--workspace', dir], dir);
    expect(tree.stdout).toMatch(/<- penguins \[data\.read_csv@1\] done/);
  });

  it('survives kill -9 mid-run: the database is intact, no partial artifact, the run reads interrupted, and the next run reuses finished nodes', async () => {
    const slow = PENGUINS.replace(
      '  sample:',
      `  wait:
    use: code.js@1
    in: { rows: split.train }
    code: |
      await new Promise((r) => setTimeout(r, 60000));
      return { n: rows.length };
    out: { n: value }
  sample:`,
    );
    const dir = workspace({ slow });
    const file = join(dir, 'pipelines', 'slow.nodebook.yaml');
    const { child, done } = startCli(['run', file, '--json'], dir);
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const events = jsonLines(out);
        const waitStarted = events.some((e) => e.type === 'nodeStarted' && e.nodeId === 'wait');
        const sampleDone = events.some((e) => e.type === 'nodeFinished' && e.nodeId === 'sample');
        if (waitStarted && sampleDone) resolve();
      });
    });
    child.kill('SIGKILL');
    await done;

    const db = new Database(join(dir, '.nodebook', 'nodebook.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const workerPid = db.prepare("SELECT pid FROM execution WHERE node_id = 'wait'").pluck().get();
    db.close();
    // Every file in the store is complete: its name is its content's hash.
    const artifactsDir = join(dir, '.nodebook', 'artifacts');
    const files = readdirSync(artifactsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(createHash('sha256').update(readFileSync(join(f.parentPath, f.name))).digest('hex')).toBe(f.name);
    // The orphaned worker noticed its engine died and stopped.
    await expect.poll(() => {
      try {
        process.kill(Number(workerPid), 0);
        return 'alive';
      } catch {
        return 'gone';
      }
    }, { timeout: 5000 }).toBe('gone');

    expect(readdirSync(join(dir, '.nodebook', 'tmp')).length).toBeGreaterThan(0); // the killed node's scratch folder
    const runs = await cliRun(['runs', '--workspace', dir, '--json'], dir);
    expect(jsonLines(runs.stdout)[0]).toMatchObject({ status: 'interrupted' });
    expect(readdirSync(join(dir, '.nodebook', 'tmp'))).toEqual([]); // swept once the run was settled

    writeFileSync(file, readFileSync(file, 'utf8').replace('setTimeout(r, 60000)', 'setTimeout(r, 10)'));
    const again = await cliRun(['run', file, '--json'], dir);
    expect(again.code).toBe(0);
    expect(states(summaryOf(again.stdout))).toEqual({ penguins: 'cached', split: 'cached', wait: 'done', sample: 'cached' });
  });

  it('runs two pipelines at once from two processes on one workspace', async () => {
    const other = PENGUINS.replace('name: penguins', 'name: other').replace('n: 10', 'n: 20');
    const dir = workspace({ penguins: PENGUINS, other });
    const [a, b] = await Promise.all([
      cliRun(['run', join(dir, 'pipelines', 'penguins.nodebook.yaml'), '--json'], dir),
      cliRun(['run', join(dir, 'pipelines', 'other.nodebook.yaml'), '--json'], dir),
    ]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect(summaryOf(a.stdout).status).toBe('succeeded');
    expect(summaryOf(b.stdout).status).toBe('succeeded');
    const runs = jsonLines((await cliRun(['runs', '--workspace', dir, '--json'], dir)).stdout);
    expect(runs.map((r) => r.pipelineName).sort()).toEqual(['other', 'penguins']);
  });

  it('reports every error of a bad pipeline with line:col and exits 2 without running', async () => {
    const bad = `nodebook: 1
name: bad
nodes:
  penguins: { use: data.read_csv@1, with: { pth: data/penguins.csv } }
  split: { use: data.splitt@1, in: { table: penguins.table } }
  sample: { use: data.sample@1, in: { table: nowhere.table } }
`;
    const dir = workspace({ bad });
    const r = await cliRun(['run', join(dir, 'pipelines', 'bad.nodebook.yaml')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipelines\/bad\.nodebook\.yaml:4:\d+: \[node penguins\]/);
    expect(r.stderr).toMatch(/pipelines\/bad\.nodebook\.yaml:5:\d+: \[node split\].*data\.split@1/);
    expect(r.stderr).toMatch(/pipelines\/bad\.nodebook\.yaml:6:\d+: \[node sample\]/);
    expect(r.stdout).toBe('');
    const runs = await cliRun(['runs', '--workspace', dir, '--json'], dir);
    expect(runs.stdout).toBe('');
    expect(readdirSync(join(dir, '.nodebook', 'artifacts'))).toEqual([]);
  });
});
