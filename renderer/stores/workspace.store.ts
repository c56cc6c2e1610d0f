import { create } from 'zustand';
import type { RecentWorkspace, WorkspaceInfo } from '../../shared/contracts/workspace.contract';
import { api, transport } from '../client/api';
import { subscribe } from '../client/create-client';
import { workspaceContract } from '../../shared/contracts/workspace.contract';
import { shownError, type ShownError } from './errors';

interface WorkspaceStore {
  current: WorkspaceInfo | null;
  recent: RecentWorkspace[];
  defaultLocation: string;
  loaded: boolean;
  busy: boolean;
  error: ShownError | null;
  load(): Promise<void>;
  open(path: string): Promise<boolean>;
  create(path: string, name?: string): Promise<boolean>;
  openExample(path: string): Promise<boolean>;
  close(): Promise<void>;
  forget(path: string): Promise<void>;
  clearError(): void;
}

export const useWorkspaceStore = create<WorkspaceStore>((set) => {
  const act = async (fn: () => Promise<WorkspaceInfo>): Promise<boolean> => {
    set({ busy: true, error: null });
    try {
      const current = await fn();
      set({ current, busy: false, recent: await api.workspace.recent({}) });
      return true;
    } catch (err) {
      set({ busy: false, error: shownError(err) });
      return false;
    }
  };
  return {
    current: null,
    recent: [],
    defaultLocation: '',
    loaded: false,
    busy: false,
    error: null,
    async load() {
      try {
        const [current, recent, loc] = await Promise.all([api.workspace.current({}), api.workspace.recent({}), api.workspace.defaultLocation({})]);
        set({ current, recent, defaultLocation: loc.path, loaded: true });
      } catch (err) {
        set({ loaded: true, error: shownError(err) });
      }
    },
    open: (path) => act(() => api.workspace.open({ path })),
    create: (path, name) => act(() => api.workspace.create(name ? { path, name } : { path })),
    openExample: (path) => act(() => api.workspace.openExample({ path })),
    async close() {
      await api.workspace.close({});
      set({ current: null, recent: await api.workspace.recent({}) });
    },
    async forget(path) {
      set({ recent: await api.workspace.forget({ path }) });
    },
    clearError: () => set({ error: null }),
  };
});

subscribe(workspaceContract, transport, (event) => {
  if (event.type === 'opened') useWorkspaceStore.setState({ current: event.workspace });
  if (event.type === 'closed') useWorkspaceStore.setState({ current: null });
});

// After a reconnect the backend may have restarted with another workspace: re-read it.
transport.onState((state) => {
  if (state === 'open') void useWorkspaceStore.getState().load();
});
