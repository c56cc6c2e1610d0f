import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRun, jsonLines, repo } from './cli-helpers';

const examples = join(repo, 'resources', 'examples', 'workspace');
const pipelines = readdirSync(join(examples, 'pipelines')).filter((f) => f.endsWith('.nodebook.yaml'));
const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx'], { stdio: 'ignore' }).status === 0;
const needsTorch = (file: string) => readFileSync(join(examples, 'pipelines', file), 'utf8').includes('import onnx, torch');

interface Summary {
  status: string;
  nodes: Record<string, { state: string }>;
}
const summaryOf = (stdout: string): Summary => {
  const last = jsonLines(stdout).at(-1);
  if (!last || typeof last.status !== 'string' || typeof last.nodes !== 'object' || last.nodes === null) throw new Error(`no summary in:\n${stdout}`);
  return { status: last.status, nodes: Object.fromEntries(Object.entries(last.nodes).map(([id, n]) => [id, { state: String((n as { state: unknown }).state) }])) };
};

describe('the example workspace', () => {
  it('ships pipelines', () => {
    expect(pipelines.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of pipelines.filter((f) => needsTorch(f) && !hasTorch)) {
    it.skip(`${file}: needs PyTorch and onnx for /usr/bin/python3 (Debian: apt-get install python3-torch python3-onnx)`, () => undefined);
  }

  it.each(pipelines.filter((f) => !needsTorch(f) || hasTorch))('runs %s, then reports every node cached', async (file) => {
    const ws = join(mkdtempSync(join(tmpdir(), 'nb-example-')), 'ws');
    cpSync(examples, ws, { recursive: true });
    const first = await cliRun(['run', `pipelines/${file}`, '--json'], ws);
    expect(first.code, first.stderr + first.stdout.slice(-2000)).toBe(0);
    const s1 = summaryOf(first.stdout);
    expect(s1.status).toBe('succeeded');
    expect(Object.values(s1.nodes).every((n) => n.state === 'done')).toBe(true);
    const second = await cliRun(['run', `pipelines/${file}`, '--json'], ws);
    expect(second.code).toBe(0);
    const s2 = summaryOf(second.stdout);
    expect(Object.values(s2.nodes).map((n) => n.state)).toEqual(Object.values(s1.nodes).map(() => 'cached'));
  });
});
