import { z } from 'zod';

/** `nodebook.yaml`: the workspace's settings, committed with it. Unknown keys are refused so typos surface. */
export const workspaceSettingsSchema = z
  .object({
    nodebook: z.literal(1).default(1),
    name: z.string().min(1).optional(),
    /** Interpreter for `code.python` cells. */
    python: z.string().min(1).default('python3'),
    /** How many pipeline nodes run at once. */
    concurrency: z.number().int().min(1).max(64).default(2),
    /** Seconds before a node is killed; 0 means no limit. */
    nodeTimeoutSeconds: z.number().int().min(0).default(0),
    /** Extra attempts after a node fails with an operational error. */
    retries: z.number().int().min(0).max(10).default(0),
  })
  .strict();
export type WorkspaceSettings = z.output<typeof workspaceSettingsSchema>;
export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsSchema>;
