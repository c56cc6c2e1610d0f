import { eventMessageSchema, outcomeSchema } from '../../shared/contracts/wire';
import type { NodebookBridge } from '../../shared/contracts/bridge';
import { UnexpectedError } from '../../shared/errors';
import type { Transport } from './transport';

/** Electron transport over the preload's frozen `window.nodebook` bridge. */
export function createIpcTransport(bridge: NodebookBridge): Transport {
  return {
    kind: 'ipc',
    async call(service, method, args) {
      const outcome = outcomeSchema.safeParse(await bridge.call(service, method, args));
      if (!outcome.success) throw new UnexpectedError('invalid_ipc_reply', `Malformed reply to ${service}.${method}`);
      return outcome.data;
    },
    onEvent(listener) {
      return bridge.onEvent((message) => {
        const m = eventMessageSchema.safeParse(message);
        if (m.success) listener(m.data.service, m.data.event);
      });
    },
    onState(listener) {
      listener('open', {});
      return () => undefined;
    },
  };
}
