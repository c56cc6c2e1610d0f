import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { initWorkspace, openWorkspace, readSettings } from './workspace';

const dir = () => mkdtempSync(join(tmpdir(), 'nb-ws-'));

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('workspace on disk', () => {
  it('creates the layout, git-ignores local state, and opens with a migrated database', () => {
    const root = join(dir(), 'proj');
    initWorkspace(root, 'Project');
    for (const p of ['nodebook.yaml', 'pipelines', 'data', '.gitignore']) expect(existsSync(join(root, p))).toBe(true);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toContain('.nodebook/');
    const ws = openWorkspace(root);
    expect(ws.name).toBe('Project');
    expect(ws.settings.python).toBe('python3');
    expect(existsSync(join(root, '.nodebook', 'nodebook.db'))).toBe(true);
    expect(existsSync(join(root, '.nodebook', 'artifacts'))).toBe(true);
    ws.close();
  });

  it('adds .nodebook/ to an existing .gitignore without losing its lines', () => {
    const root = dir();
    writeFileSync(join(root, '.gitignore'), 'node_modules');
    initWorkspace(root);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^node_modules\n[\s\S]*\.nodebook\/\n$/);
  });

  it('never overwrites an existing nodebook.yaml', () => {
    const root = dir();
    writeFileSync(join(root, 'nodebook.yaml'), 'nodebook: 1\nname: keep-me\n');
    initWorkspace(root, 'other');
    expect(readFileSync(join(root, 'nodebook.yaml'), 'utf8')).toContain('keep-me');
  });

  it('says a folder without nodebook.yaml is not a workspace', () => {
    const err = errorOf(() => openWorkspace(dir()));
    expect(err.code).toBe('workspace_not_initialised');
  });

  it('names file, line and field of a bad setting', () => {
    const root = dir();
    const file = join(root, 'nodebook.yaml');
    writeFileSync(file, 'nodebook: 1\nname: x\nconcurrency: lots\n');
    const err = errorOf(() => readSettings(file));
    expect(err.name).toBe('UserError');
    expect(err.message).toBe(`${file}:3:14: concurrency: Invalid input: expected number, received string`);
  });

  it('names an unknown settings key (a typo) with its line', () => {
    const file = join(dir(), 'nodebook.yaml');
    writeFileSync(file, 'nodebook: 1\npyton: /usr/bin/python3\n');
    expect(errorOf(() => readSettings(file)).message).toMatch(new RegExp(`^${file}:2:1: pyton: `));
  });

  it('reports YAML syntax errors with line and column', () => {
    const file = join(dir(), 'nodebook.yaml');
    writeFileSync(file, 'nodebook: 1\nname: [unclosed\n');
    expect(errorOf(() => readSettings(file)).message).toMatch(new RegExp(`^${file}:\\d+:\\d+: `));
  });

  it('reports a folder it cannot create as not writable', () => {
    const file = join(dir(), 'a-file');
    writeFileSync(file, 'x');
    const err = errorOf(() => initWorkspace(join(file, 'inside')));
    expect(err.name).toBe('OperationalError');
    expect(err.code).toBe('workspace_not_writable');
  });
});
