import { create } from 'zustand';
import type { ConnectionState } from '../client/transport';
import { transport } from '../client/api';

interface ConnectionStore {
  state: ConnectionState;
  backendVersion: string | null;
  retryInMs: number | null;
  transportKind: 'ws' | 'ipc';
}

export const useConnectionStore = create<ConnectionStore>(() => ({
  state: 'connecting',
  backendVersion: null,
  retryInMs: null,
  transportKind: transport.kind,
}));

transport.onState((state, info) => {
  useConnectionStore.setState({ state, backendVersion: info.version ?? useConnectionStore.getState().backendVersion, retryInMs: info.retryInMs ?? null });
});
