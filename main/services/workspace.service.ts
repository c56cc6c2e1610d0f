import { cpSync, existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { workspaceContract } from '../../shared/contracts/workspace.contract';
import { UserError, toErrorShape } from '../../shared/errors';
import type { Emit } from '../rpc/service';
import { registerService, type RegisteredService } from '../rpc/service';
import { forgetRecent, listRecent } from '../workspace/recent-workspaces';
import type { WorkspaceManager } from '../workspace/workspace-manager';
import { resourcePath } from '../app/resources';

export function createWorkspaceService(manager: WorkspaceManager, emit: Emit<typeof workspaceContract>): RegisteredService {
  const guard = <T>(path: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      emit({ type: 'failed', path, error: toErrorShape(err) });
      throw err;
    }
  };
  const opened = (ws: ReturnType<WorkspaceManager['require']>) => {
    const info = manager.info(ws);
    emit({ type: 'opened', workspace: info });
    return info;
  };
  return registerService(workspaceContract, {
    current: async () => (manager.current ? manager.info(manager.current) : null),
    open: async ({ path }) => guard(path, () => opened(manager.open(path))),
    create: async ({ path, name }) => guard(path, () => opened(manager.create(path, name))),
    openExample: async ({ path }) =>
      guard(path, () => {
        const target = resolve(path);
        if (existsSync(target) && readdirSync(target).length > 0) {
          throw new UserError('folder_not_empty', `${target} is not empty. Choose a new or empty folder for the example workspace.`, { path: target });
        }
        cpSync(resourcePath('examples', 'workspace'), target, { recursive: true });
        return opened(manager.open(target));
      }),
    close: async () => {
      const closed = manager.close();
      if (closed) emit({ type: 'closed' });
      return { closed };
    },
    recent: async () => listRecent(),
    forget: async ({ path }) => forgetRecent(resolve(path)),
    defaultLocation: async () => ({ path: join(homedir(), 'nodebook') }),
  });
}
