/**
 * The one frozen object Electron's preload exposes as `window.nodebook`. The renderer's IPC
 * transport is written against this type; in browser mode it is absent and WebSocket is used.
 */
export interface NodebookBridge {
  /** Invokes `service.method`; resolves to the wire outcome `{ok, result}` or `{ok: false, error}`. */
  call(service: string, method: string, args: unknown): Promise<unknown>;
  /** Subscribes to backend events; returns the unsubscribe function. */
  onEvent(listener: (message: unknown) => void): () => void;
}
