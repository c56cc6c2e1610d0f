import { create } from 'zustand';
import { settingsContract, type Settings } from '../../shared/contracts/settings.contract';
import type { WorkspaceSettings } from '../../shared/workspace-settings';
import { api, transport } from '../client/api';
import { subscribe } from '../client/create-client';
import { shownError, type ShownError } from './errors';

type WorkspacePatch = Partial<Omit<WorkspaceSettings, 'nodebook'>>;

interface SettingsStore {
  settings: Settings | null;
  saving: boolean;
  error: ShownError | null;
  savedAt: number | null;
  load(): Promise<void>;
  setTheme(theme: Settings['app']['theme']): Promise<void>;
  saveWorkspace(patch: WorkspacePatch): Promise<boolean>;
}

export const useSettingsStore = create<SettingsStore>((set) => ({
  settings: null,
  saving: false,
  error: null,
  savedAt: null,
  async load() {
    try {
      set({ settings: await api.settings.get({}) });
    } catch (err) {
      set({ error: shownError(err) });
    }
  },
  async setTheme(theme) {
    try {
      set({ settings: await api.settings.update({ app: { theme } }) });
    } catch (err) {
      set({ error: shownError(err) });
    }
  },
  async saveWorkspace(patch) {
    set({ saving: true, error: null });
    try {
      set({ settings: await api.settings.update({ workspace: patch }), saving: false, savedAt: Date.now() });
      return true;
    } catch (err) {
      set({ saving: false, error: shownError(err) });
      return false;
    }
  },
}));

subscribe(settingsContract, transport, (event) => useSettingsStore.setState({ settings: event.settings }));
