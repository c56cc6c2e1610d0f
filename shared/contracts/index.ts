import { appContract } from './app.contract';
import { componentsContract } from './components.contract';
import { pipelinesContract } from './pipelines.contract';
import { runsContract } from './runs.contract';
import { settingsContract } from './settings.contract';
import { workspaceContract } from './workspace.contract';

/** Every service contract; the renderer builds one typed client per entry. */
export const contracts = {
  app: appContract,
  workspace: workspaceContract,
  settings: settingsContract,
  components: componentsContract,
  pipelines: pipelinesContract,
  runs: runsContract,
} as const;
export type Contracts = typeof contracts;
