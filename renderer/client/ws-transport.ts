import { OperationalError } from '../../shared/errors';
import { serverMessageSchema, type Outcome } from '../../shared/contracts/wire';
import type { ConnectionState, Transport } from './transport';

interface Pending {
  resolve: (o: Outcome) => void;
  reject: (e: Error) => void;
}

const MAX_BACKOFF_MS = 5000;

/**
 * Browser-mode transport: one WebSocket to `/api`, reconnecting with backoff when the backend
 * goes away. Calls made while disconnected wait for the connection (up to a limit) instead
 * of failing at once, so a backend restart is invisible to a patient user.
 */
export function createWsTransport(url: string, opts: { callTimeoutMs?: number } = {}): Transport {
  const callTimeoutMs = opts.callTimeoutMs ?? 60_000;
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let state: ConnectionState = 'connecting';
  let version: string | undefined;
  const pending = new Map<number, Pending>();
  const waiting: (() => void)[] = [];
  const eventListeners = new Set<(service: string, event: unknown) => void>();
  const stateListeners = new Set<(s: ConnectionState, info: { version?: string; retryInMs?: number }) => void>();

  const setState = (s: ConnectionState, retryInMs?: number) => {
    state = s;
    for (const l of stateListeners) l(s, retryInMs === undefined ? { version } : { version, retryInMs });
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onmessage = (ev) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      const msg = serverMessageSchema.safeParse(raw);
      if (!msg.success) return;
      const m = msg.data;
      if (m.kind === 'hello') {
        version = m.version;
        attempt = 0;
        setState('open');
        for (const w of waiting.splice(0)) w();
      } else if (m.kind === 'result') {
        const p = pending.get(m.id);
        if (p) {
          pending.delete(m.id);
          p.resolve(m.outcome);
        }
      } else {
        for (const l of eventListeners) l(m.service, m.event);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new OperationalError('disconnected', 'The connection to the Nodebook backend was lost before it answered. Try again once it reconnects.'));
      }
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt++);
      setState('reconnecting', delay);
      setTimeout(connect, delay);
    };
  };
  connect();

  const whenOpen = (): Promise<void> =>
    state === 'open'
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new OperationalError('disconnected', 'The Nodebook backend is not reachable. Is `npm start` still running?')), callTimeoutMs);
          waiting.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });

  return {
    kind: 'ws',
    async call(service, method, args) {
      await whenOpen();
      const id = nextId++;
      return new Promise<Outcome>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket?.send(JSON.stringify({ kind: 'call', id, service, method, args }));
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      listener(state, { version });
      return () => stateListeners.delete(listener);
    },
  };
}
