import { z } from 'zod';

/** Port types (DESIGN.md, "Components"). A connection is allowed only between equal types. */
export const portTypes = ['table', 'model', 'metrics', 'figure', 'file', 'value'] as const;
export const portTypeSchema = z.enum(portTypes);
export type PortType = z.infer<typeof portTypeSchema>;

export const portSpecSchema = z.object({
  type: portTypeSchema,
  description: z.string().default(''),
  /** An optional input may stay unbound. Outputs are never optional. */
  optional: z.boolean().default(false),
});
export type PortSpec = z.infer<typeof portSpecSchema>;
export type PortSpecInput = z.input<typeof portSpecSchema>;

/**
 * The serializable description of a component: what the palette, the inspector and the
 * pipeline validator need. Built in main from each `defineComponent` (its zod params become
 * a JSON Schema) and listed over the contract.
 */
export const componentInfoSchema = z.object({
  /** `id@version`, the registry key and the `use:` value in a pipeline file. */
  key: z.string(),
  id: z.string(),
  version: z.number().int().positive(),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  inputs: z.record(z.string(), portSpecSchema),
  outputs: z.record(z.string(), portSpecSchema),
  /** Accepts any number of extra named inputs of this type (`data.sql@1`, code cells). */
  dynamicInputs: portTypeSchema.nullable(),
  /** Its outputs are declared per node in the file's `out:` map (code cells). */
  dynamicOutputs: z.boolean(),
  /** The node carries `code:` in this language (code cells). */
  codeLanguage: z.enum(['python', 'sql', 'javascript']).nullable(),
  /** The node carries `text:` (notes). */
  hasText: z.boolean(),
  /** JSON Schema of `with:`, generated from the component's zod params. */
  paramsSchema: z.record(z.string(), z.unknown()),
});
export type ComponentInfo = z.infer<typeof componentInfoSchema>;
