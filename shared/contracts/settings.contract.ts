import { z } from 'zod';
import { workspaceSettingsSchema } from '../workspace-settings';
import { defineContract } from './contract';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export const appPreferencesSchema = z.object({ theme: themeSchema.default('system') });
export type AppPreferences = z.output<typeof appPreferencesSchema>;

const workspaceSettingsOut = workspaceSettingsSchema;
export const settingsSchema = z.object({ app: appPreferencesSchema, workspace: workspaceSettingsOut.nullable() });
export type Settings = z.output<typeof settingsSchema>;

export const settingsContract = defineContract({
  name: 'settings',
  methods: {
    get: { description: 'App preferences and the open workspace settings (nodebook.yaml).', args: z.object({}), result: settingsSchema },
    update: {
      description: 'Change app preferences and/or workspace settings; validated before anything is written.',
      args: z.object({
        app: appPreferencesSchema.partial().optional(),
        workspace: workspaceSettingsSchema.omit({ nodebook: true }).partial().optional(),
      }),
      result: settingsSchema,
    },
  },
  events: z.discriminatedUnion('type', [z.object({ type: z.literal('changed'), settings: settingsSchema })]),
});
