// Writes resources/schemas/pipeline.schema.json from the zod schema of the pipeline document.
// Run: npx tsx scripts/gen-pipeline-schema.ts   (shared/pipeline/document.test.ts fails when the
// committed file is stale.)
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipelineJsonSchema } from '../shared/pipeline/document';

export const PIPELINE_SCHEMA_FILE = fileURLToPath(new URL('../resources/schemas/pipeline.schema.json', import.meta.url));

export function pipelineSchemaText(): string {
  return `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  writeFileSync(PIPELINE_SCHEMA_FILE, pipelineSchemaText());
  console.log(`wrote ${PIPELINE_SCHEMA_FILE}`);
}
