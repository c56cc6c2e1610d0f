import { join } from 'node:path';

/** The on-disk layout of a workspace (DESIGN.md, "Workspace on disk"). */
export interface WorkspacePaths {
  readonly root: string;
  readonly settings: string;
  readonly pipelines: string;
  readonly data: string;
  readonly state: string;
  readonly db: string;
  readonly artifacts: string;
  readonly tmp: string;
}

export function workspacePaths(root: string): WorkspacePaths {
  const state = join(root, '.nodebook');
  return {
    root,
    settings: join(root, 'nodebook.yaml'),
    pipelines: join(root, 'pipelines'),
    data: join(root, 'data'),
    state,
    db: join(state, 'nodebook.db'),
    artifacts: join(state, 'artifacts'),
    tmp: join(state, 'tmp'),
  };
}
