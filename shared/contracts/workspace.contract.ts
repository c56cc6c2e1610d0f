import { z } from 'zod';
import { errorShapeSchema } from '../errors';
import { defineContract } from './contract';

export const workspaceInfoSchema = z.object({
  root: z.string(),
  name: z.string(),
  pipelineCount: z.number().int().nonnegative(),
  dataFileCount: z.number().int().nonnegative(),
  schemaVersion: z.number().int().nonnegative(),
});
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>;

export const recentWorkspaceSchema = z.object({
  root: z.string(),
  name: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentWorkspace = z.infer<typeof recentWorkspaceSchema>;

const pathArg = z.string().trim().min(1, 'a folder path is required');

export const workspaceContract = defineContract({
  name: 'workspace',
  methods: {
    current: { description: 'The open workspace, or null.', args: z.object({}), result: workspaceInfoSchema.nullable() },
    open: { description: 'Open an existing workspace folder.', args: z.object({ path: pathArg }), result: workspaceInfoSchema },
    create: {
      description: 'Create a workspace in a folder (new or existing) and open it.',
      args: z.object({ path: pathArg, name: z.string().trim().min(1).optional() }),
      result: workspaceInfoSchema,
    },
    openExample: {
      description: 'Copy the bundled example workspace to a folder and open it.',
      args: z.object({ path: pathArg }),
      result: workspaceInfoSchema,
    },
    close: { description: 'Close the open workspace.', args: z.object({}), result: z.object({ closed: z.boolean() }) },
    recent: { description: 'Recently opened workspaces, newest first.', args: z.object({}), result: z.array(recentWorkspaceSchema) },
    forget: { description: 'Remove a workspace from the recent list.', args: z.object({ path: pathArg }), result: z.array(recentWorkspaceSchema) },
    defaultLocation: {
      description: 'A suggested parent folder for new workspaces.',
      args: z.object({}),
      result: z.object({ path: z.string() }),
    },
  },
  events: z.discriminatedUnion('type', [
    z.object({ type: z.literal('opened'), workspace: workspaceInfoSchema }),
    z.object({ type: z.literal('closed') }),
    z.object({ type: z.literal('failed'), path: z.string(), error: errorShapeSchema }),
  ]),
});
