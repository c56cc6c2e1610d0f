import type { NodebookBridge } from '../../shared/contracts/bridge';
import { IPC_CALL, IPC_EVENT } from '../../shared/contracts/wire';

/** The slice of Electron's ipcRenderer the bridge needs (kept narrow so it is easy to reason about). */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

/**
 * Builds the one frozen object exposed to the page. It can reach only the `app:` channels,
 * and only with well-formed service/method names: a compromised page gets no raw ipcRenderer.
 */
export function createPreloadApi(ipc: IpcLike): NodebookBridge {
  let nextId = 1;
  return Object.freeze({
    call(service: string, method: string, args: unknown): Promise<unknown> {
      if (!NAME.test(service) || !NAME.test(method)) return Promise.reject(new Error(`Invalid call name ${service}.${method}`));
      return ipc.invoke(IPC_CALL, { kind: 'call', id: nextId++, service, method, args });
    },
    onEvent(listener: (message: unknown) => void): () => void {
      const handler = (_event: unknown, message: unknown): void => listener(message);
      ipc.on(IPC_EVENT, handler);
      return () => {
        ipc.removeListener(IPC_EVENT, handler);
      };
    },
  });
}
