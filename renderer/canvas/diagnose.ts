import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { Diagnostic, PipelineDocument } from '../../shared/pipeline/document';
import { validatePipeline } from '../../shared/pipeline/validate';
import { checkParams } from './param-schema';

/** Validation in the renderer: the shared graph/port checks plus params against their JSON Schema. */
export function diagnose(doc: PipelineDocument, catalog: readonly ComponentInfo[]): Diagnostic[] {
  if (catalog.length === 0) return [];
  const byKey = new Map(catalog.map((c) => [c.key, c]));
  return validatePipeline(doc, {
    catalog: byKey,
    validateParams: (key, params) => {
      const info = byKey.get(key);
      return info ? checkParams(info.paramsSchema, params) : [];
    },
  });
}

/** Diagnostics of one node, and of one field of it (`with.path`, `in.table`). */
export function nodeDiagnostics(diagnostics: readonly Diagnostic[], nodeId: string, field?: string): Diagnostic[] {
  return diagnostics.filter((d) => d.nodeId === nodeId && (field === undefined || d.field === field || d.field?.startsWith(`${field}.`)));
}
