import { z } from 'zod';
import { componentInfoSchema } from '../pipeline/component-info';
import { defineContract } from './contract';

export const componentsContract = defineContract({
  name: 'components',
  methods: {
    list: {
      description: 'Every registered component (palette, inspector forms, validation).',
      args: z.object({}),
      result: z.array(componentInfoSchema),
    },
  },
  events: z.discriminatedUnion('type', [z.object({ type: z.literal('changed') })]),
});
