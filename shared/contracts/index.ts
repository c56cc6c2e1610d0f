import { appContract } from './app.contract';
import { settingsContract } from './settings.contract';
import { workspaceContract } from './workspace.contract';

/** Every service contract; the renderer builds one typed client per entry. */
export const contracts = {
  app: appContract,
  workspace: workspaceContract,
  settings: settingsContract,
} as const;
export type Contracts = typeof contracts;
