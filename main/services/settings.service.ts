import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { settingsContract, type Settings } from '../../shared/contracts/settings.contract';
import { UserError, describeZodIssues } from '../../shared/errors';
import { workspaceSettingsSchema } from '../../shared/workspace-settings';
import { readPreferences, writePreferences } from '../app/preferences';
import type { Emit } from '../rpc/service';
import { registerService, type RegisteredService } from '../rpc/service';
import type { WorkspaceManager } from '../workspace/workspace-manager';

export function createSettingsService(manager: WorkspaceManager, emit: Emit<typeof settingsContract>): RegisteredService {
  const snapshot = (): Settings => ({ app: readPreferences(), workspace: manager.current?.settings ?? null });
  return registerService(settingsContract, {
    get: async () => snapshot(),
    update: async ({ app, workspace }) => {
      if (workspace && Object.keys(workspace).length > 0) {
        const ws = manager.require();
        const file = ws.paths.settings;
        // Edit the YAML document in place so the user's comments and key order survive.
        const doc = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : 'nodebook: 1\n');
        for (const [key, value] of Object.entries(workspace)) if (value !== undefined) doc.set(key, value);
        const checked = workspaceSettingsSchema.safeParse(doc.toJS());
        if (!checked.success) {
          throw new UserError('settings_invalid', `Settings not saved: ${describeZodIssues(checked.error.issues, 'workspace').join('; ')}`);
        }
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, doc.toString());
        renameSync(tmp, file);
        manager.updateSettings(checked.data);
      }
      if (app) writePreferences({ ...readPreferences(), ...app });
      const next = snapshot();
      emit({ type: 'changed', settings: next });
      return next;
    },
  });
}
