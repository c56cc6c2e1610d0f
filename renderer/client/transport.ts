import type { Outcome } from '../../shared/contracts/wire';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the typed client needs from a transport; WebSocket and Electron IPC both provide it. */
export interface Transport {
  readonly kind: 'ws' | 'ipc';
  call(service: string, method: string, args: unknown): Promise<Outcome>;
  onEvent(listener: (service: string, event: unknown) => void): () => void;
  onState(listener: (state: ConnectionState, info: { version?: string; retryInMs?: number }) => void): () => void;
}
