import { z } from 'zod';
import { errorShapeSchema } from '../errors';

/**
 * The messages both transports carry. WebSocket frames are JSON of these; Electron IPC
 * carries `call` as an invoke on `app:call` and events on `app:event`.
 */
export const callMessageSchema = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  service: z.string().min(1),
  method: z.string().min(1),
  args: z.unknown(),
});
export type CallMessage = z.infer<typeof callMessageSchema>;

export const outcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorShapeSchema }),
]);
export type Outcome = z.infer<typeof outcomeSchema>;

export const serverMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hello'), version: z.string(), mode: z.enum(['browser', 'electron']) }),
  z.object({ kind: z.literal('result'), id: z.number().int(), outcome: outcomeSchema }),
  z.object({ kind: z.literal('event'), service: z.string(), event: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export const eventMessageSchema = z.object({ service: z.string(), event: z.unknown() });

/** Electron IPC channels: all prefixed `app:` so main can refuse anything else. */
export const IPC_CALL = 'app:call';
export const IPC_EVENT = 'app:event';
