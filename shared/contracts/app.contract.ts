import { z } from 'zod';
import { defineContract } from './contract';

export const appInfoSchema = z.object({
  name: z.literal('Nodebook'),
  version: z.string(),
  mode: z.enum(['browser', 'electron']),
  platform: z.string(),
  node: z.string(),
  startedAt: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appContract = defineContract({
  name: 'app',
  methods: {
    info: { description: 'Backend version, mode and platform.', args: z.object({}), result: appInfoSchema },
    ping: { description: 'Round-trip check used by the connection indicator.', args: z.object({}), result: z.object({ at: z.number() }) },
  },
  events: z.discriminatedUnion('type', [z.object({ type: z.literal('shuttingDown') })]),
});
