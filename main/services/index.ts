import type { AppInfo } from '../../shared/contracts/app.contract';
import { componentsContract } from '../../shared/contracts/components.contract';
import type { ContractDef, EventOf } from '../../shared/contracts/contract';
import { pipelinesContract } from '../../shared/contracts/pipelines.contract';
import { runsContract } from '../../shared/contracts/runs.contract';
import { settingsContract } from '../../shared/contracts/settings.contract';
import { workspaceContract } from '../../shared/contracts/workspace.contract';
import { createRegistry } from '../components/index';
import { Router } from '../rpc/router';
import { registerService } from '../rpc/service';
import { WorkspaceManager } from '../workspace/workspace-manager';
import { createAppService } from './app.service';
import { createComponentsService } from './components.service';
import { createPipelinesService } from './pipelines.service';
import { createRunsService } from './runs.service';
import { createSettingsService } from './settings.service';
import { createWorkspaceService } from './workspace.service';

export interface Backend {
  readonly router: Router;
  readonly workspaces: WorkspaceManager;
  /** Cancels active runs (their workers are killed and awaited), then closes the workspace. */
  dispose(): Promise<void>;
}

/** Builds every service over one workspace manager; transports attach to `router`. */
export function createBackend(info: AppInfo): Backend {
  const router = new Router();
  const workspaces = new WorkspaceManager();
  const registry = createRegistry();
  const emitter =
    <C extends ContractDef>(contract: C) =>
    (event: EventOf<C>) =>
      router.emit(contract.name, event);
  const workspace = () => workspaces.require();
  const drains: (() => Promise<void>)[] = [];
  router.register(
    createAppService(info),
    createWorkspaceService(workspaces, emitter(workspaceContract)),
    createSettingsService(workspaces, emitter(settingsContract)),
    registerService(componentsContract, createComponentsService({ registry })),
    registerService(pipelinesContract, createPipelinesService({ workspace, registry, emit: emitter(pipelinesContract) })),
    registerService(runsContract, createRunsService({ workspace, registry, emit: emitter(runsContract), onDrain: (d) => drains.push(d) })),
  );
  return {
    router,
    workspaces,
    dispose: async () => {
      router.emit('app', { type: 'shuttingDown' });
      await Promise.allSettled(drains.map((d) => d()));
      workspaces.close();
    },
  };
}
