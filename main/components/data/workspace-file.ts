import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../../../shared/errors';

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realish(p: string): string {
  let head = p;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = dirname(head);
    if (parent === head) return p;
    tail.unshift(head.slice(parent.length + 1));
    head = parent;
  }
  return resolve(realpathSync(head), ...tail);
}

/**
 * Resolves a workspace-relative path named in a node's params. Refuses paths that leave the
 * workspace (`..`, absolute paths elsewhere, symlinks pointing out), since a pipeline file must
 * not read or write arbitrary files on the machine it is opened on.
 */
export function resolveWorkspaceFile(workspaceDir: string, path: string, field = 'path'): string {
  if (path.trim() === '') throw new UserError('invalid_path', `${field}: the path is empty; give a workspace-relative path such as data/file.csv`);
  const root = realish(resolve(workspaceDir));
  const abs = realish(resolve(root, path));
  if (!isInside(root, abs) || abs === root) {
    throw new UserError(
      'path_outside_workspace',
      `${field}: "${path}" points outside the workspace (${root}); use a path relative to the workspace, such as data/file.csv`,
      { path, workspaceDir: root },
    );
  }
  const state = resolve(root, '.nodebook');
  if (isInside(state, abs)) {
    throw new UserError('path_in_state_dir', `${field}: "${path}" is inside .nodebook/, which Nodebook manages; use another folder such as data/`, { path });
  }
  return abs;
}
