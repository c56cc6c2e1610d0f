import type { WebSocket } from 'ws';
import { callMessageSchema, type ServerMessage } from '../../shared/contracts/wire';
import { describeZodIssues } from '../../shared/errors';
import type { Router } from '../rpc/router';

/** Serves one WebSocket client: validated calls in, results and events out. */
export function serveConnection(socket: WebSocket, router: Router, hello: ServerMessage): void {
  const send = (msg: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  };
  send(hello);
  const unsubscribe = router.onEvent((service, event) => send({ kind: 'event', service, event }));
  socket.on('close', unsubscribe);
  socket.on('message', (data, isBinary) => {
    if (isBinary) return socket.close(1003, 'binary frames are not accepted');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return socket.close(1007, 'malformed JSON');
    }
    const msg = callMessageSchema.safeParse(raw);
    if (!msg.success) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1;
      const fields = describeZodIssues(msg.error.issues);
      return send({
        kind: 'result',
        id,
        outcome: { ok: false, error: { name: 'UserError', code: 'invalid_message', message: `Invalid call: ${fields.join('; ')}`, details: { fields } } },
      });
    }
    const { id, service, method, args } = msg.data;
    void router.call(service, method, args, { transport: 'ws' }).then((outcome) => send({ kind: 'result', id, outcome }));
  });
}
