import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IPC_CALL, IPC_EVENT } from '../../shared/contracts/wire';
import { createPreloadApi, type IpcLike } from './preload-api';

/** An in-process stand-in for Electron's ipcRenderer: records invokes, emits events like Electron does. */
class FakeIpc extends EventEmitter implements IpcLike {
  readonly invoked: [string, unknown[]][] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, args]);
    return Promise.resolve({ ok: true, result: { channel } });
  }
}

describe('preload bridge', () => {
  it('is frozen and exposes only call and onEvent', () => {
    const api = createPreloadApi(new FakeIpc());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['call', 'onEvent']);
    expect(() => Object.assign(api, { ipc: 1 })).toThrow();
  });

  it('sends calls on the app:call channel with a fresh id each', async () => {
    const ipc = new FakeIpc();
    const api = createPreloadApi(ipc);
    await api.call('workspace', 'open', { path: '/x' });
    await api.call('app', 'info', {});
    expect(ipc.invoked).toEqual([
      [IPC_CALL, [{ kind: 'call', id: 1, service: 'workspace', method: 'open', args: { path: '/x' } }]],
      [IPC_CALL, [{ kind: 'call', id: 2, service: 'app', method: 'info', args: {} }]],
    ]);
  });

  it('refuses malformed service or method names without touching IPC', async () => {
    const ipc = new FakeIpc();
    const api = createPreloadApi(ipc);
    await expect(api.call('../x', 'open', {})).rejects.toThrow('Invalid call name');
    await expect(api.call('workspace', 'open:now', {})).rejects.toThrow('Invalid call name');
    expect(ipc.invoked).toHaveLength(0);
  });

  it('delivers app:event messages without the IPC event object, and unsubscribes', () => {
    const ipc = new FakeIpc();
    const api = createPreloadApi(ipc);
    const got: unknown[] = [];
    const off = api.onEvent((m) => got.push(m));
    ipc.emit(IPC_EVENT, { sender: 'secret' }, { service: 'app', event: { type: 'shuttingDown' } });
    off();
    ipc.emit(IPC_EVENT, {}, { service: 'app', event: { type: 'late' } });
    expect(got).toEqual([{ service: 'app', event: { type: 'shuttingDown' } }]);
    expect(ipc.listenerCount(IPC_EVENT)).toBe(0);
  });
});
