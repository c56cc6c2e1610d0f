import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureEnvironment, gitState, pythonInfo } from './environment';

const dir = mkdtempSync(join(tmpdir(), 'nb-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('environment', () => {
  it('records the git commit of a workspace repo and whether it is dirty', async () => {
    expect(await gitState(dir)).toBeNull();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    git('init', '-q');
    writeFileSync(join(dir, 'a.txt'), '1');
    git('add', 'a.txt');
    git('commit', '-q', '-m', 'one');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir }).toString().trim();
    expect(await gitState(dir)).toEqual({ commit: head, dirty: false });
    writeFileSync(join(dir, 'a.txt'), '2');
    expect(await gitState(dir)).toEqual({ commit: head, dirty: true });
    const env = await captureEnvironment(dir);
    expect(env).toMatchObject({ node: process.version, git: { commit: head, dirty: true }, cpu: { count: expect.any(Number) } });
  });

  it('reads Python, pandas and numpy versions of an interpreter, and null for a missing one', async () => {
    expect(await pythonInfo('/usr/bin/python3')).toMatchObject({ python: expect.stringMatching(/^3\./), pandas: expect.any(String), numpy: expect.any(String) });
    expect(await pythonInfo('/nonexistent/python')).toBeNull();
  });
});
