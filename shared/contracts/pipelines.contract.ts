import { z } from 'zod';
import { pipelineDocumentSchema } from '../pipeline/document';
import { defineContract } from './contract';

export const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  field: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const pipelineEntrySchema = z.object({
  /** The `name:` in the file, else the file name without `.nodebook.yaml`. */
  name: z.string(),
  /** Workspace-relative, e.g. pipelines/penguins.nodebook.yaml. */
  path: z.string(),
  nodeCount: z.number().int().nonnegative(),
  modifiedAt: z.string(),
  /** The first error when the file does not parse. */
  error: z.string().optional(),
});
export type PipelineEntry = z.infer<typeof pipelineEntrySchema>;

/** Names become file names: `pipelines/<name>.nodebook.yaml`. */
export const pipelineNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'a pipeline name holds letters, digits, _, . and - and starts with a letter or digit');
const pathArg = z.string().trim().min(1, 'a workspace-relative pipeline path is required');

export const pipelineTemplates = ['blank', 'example'] as const;

export const pipelinesContract = defineContract({
  name: 'pipelines',
  methods: {
    list: { description: 'Pipeline files of the workspace.', args: z.object({}), result: z.array(pipelineEntrySchema) },
    read: {
      description: 'A pipeline file: its exact text, the parsed document (null when invalid) and every diagnostic.',
      args: z.object({ path: pathArg }),
      result: z.object({ text: z.string(), doc: pipelineDocumentSchema.nullable(), diagnostics: z.array(diagnosticSchema) }),
    },
    write: {
      description: 'Saves a pipeline file atomically, valid or not (nothing typed is lost), and returns its diagnostics.',
      args: z.object({ path: pathArg, text: z.string() }),
      result: z.object({ diagnostics: z.array(diagnosticSchema), modifiedAt: z.string() }),
    },
    validate: {
      description: 'Diagnostics of a saved file (path) or of unsaved text.',
      args: z.union([z.object({ path: pathArg }), z.object({ text: z.string() })]),
      result: z.object({ diagnostics: z.array(diagnosticSchema) }),
    },
    create: {
      description: 'Creates pipelines/<name>.nodebook.yaml from a template; refuses to overwrite.',
      args: z.object({ name: pipelineNameSchema, template: z.enum(pipelineTemplates).default('blank') }),
      result: z.object({ path: z.string(), text: z.string() }),
    },
    delete: {
      description: 'Deletes a pipeline file (its runs and artifacts stay).',
      args: z.object({ path: pathArg }),
      result: z.object({ deleted: z.boolean() }),
    },
    dataFiles: {
      description: 'Files under the workspace data/ folder (workspace-relative, sorted; at most 1000), for path pickers.',
      args: z.object({}),
      result: z.object({ files: z.array(z.string()), truncated: z.boolean() }),
    },
    rename: {
      description: 'Renames a pipeline: its file and its `name:`.',
      args: z.object({ path: pathArg, name: pipelineNameSchema }),
      result: z.object({ path: z.string() }),
    },
  },
  events: z.discriminatedUnion('type', [
    z.object({ type: z.literal('saved'), path: z.string() }),
    z.object({ type: z.literal('deleted'), path: z.string() }),
    z.object({ type: z.literal('renamed'), from: z.string(), to: z.string() }),
    /** The file changed on disk (any writer, this app included); an open editor re-reads it. */
    z.object({ type: z.literal('changedOnDisk'), path: z.string() }),
  ]),
});
