import type { AppInfo } from '../../shared/contracts/app.contract';
import type { EventOf, ContractDef } from '../../shared/contracts/contract';
import { settingsContract } from '../../shared/contracts/settings.contract';
import { workspaceContract } from '../../shared/contracts/workspace.contract';
import { Router } from '../rpc/router';
import { WorkspaceManager } from '../workspace/workspace-manager';
import { createAppService } from './app.service';
import { createSettingsService } from './settings.service';
import { createWorkspaceService } from './workspace.service';

export interface Backend {
  readonly router: Router;
  readonly workspaces: WorkspaceManager;
  dispose(): void;
}

/** Builds every service over one workspace manager; transports attach to `router`. */
export function createBackend(info: AppInfo): Backend {
  const router = new Router();
  const workspaces = new WorkspaceManager();
  const emitter =
    <C extends ContractDef>(contract: C) =>
    (event: EventOf<C>) =>
      router.emit(contract.name, event);
  router.register(createAppService(info));
  router.register(createWorkspaceService(workspaces, emitter(workspaceContract)));
  router.register(createSettingsService(workspaces, emitter(settingsContract)));
  return {
    router,
    workspaces,
    dispose: () => {
      router.emit('app', { type: 'shuttingDown' });
      workspaces.close();
    },
  };
}
