import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import { resolveWorkspaceFile } from './workspace-file';

let root: string;
let ws: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nodebook-wsfile-'));
  ws = join(root, 'ws');
  await mkdir(join(ws, 'data'), { recursive: true });
  await mkdir(join(root, 'outside'));
  await symlink(join(root, 'outside'), join(ws, 'link'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('resolveWorkspaceFile', () => {
  it('resolves workspace-relative paths, including ones not created yet', () => {
    expect(resolveWorkspaceFile(ws, 'data/a.csv').endsWith(join('ws', 'data', 'a.csv'))).toBe(true);
    expect(resolveWorkspaceFile(ws, 'new/dir/b.parquet').endsWith(join('ws', 'new', 'dir', 'b.parquet'))).toBe(true);
    expect(resolveWorkspaceFile(ws, join(ws, 'data', 'a.csv')).endsWith(join('data', 'a.csv'))).toBe(true);
  });

  it('refuses .., absolute paths elsewhere, symlinks out, the root itself and .nodebook', () => {
    for (const bad of ['../x.csv', 'data/../../x.csv', '/etc/passwd', 'link/x.csv', '.', '', '.nodebook/nodebook.db']) {
      expect(() => resolveWorkspaceFile(ws, bad), bad).toThrow(UserError);
    }
    expect(() => resolveWorkspaceFile(ws, 'link/x.csv', 'with.path')).toThrow(/^with\.path: "link\/x\.csv" points outside the workspace/);
  });
});
