import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { Diagnostic, PipelineDocument } from '../../shared/pipeline/document';
import { downstreamOf } from '../../shared/pipeline/graph';
import { diagnose } from './diagnose';
import { changedNodes } from './doc-edits';

export interface EditorSlice {
  doc: PipelineDocument;
  stale: string[];
  selection: string[];
  diagnostics: Diagnostic[];
}

/**
 * The editor state after the document becomes `next` (an edit, an undo, a reload from disk):
 * nodes whose definition changed and everything downstream turn stale, ids that no longer
 * exist leave the stale list and the selection, and the document is revalidated.
 */
export function transition(
  prev: { doc: PipelineDocument | null; stale: readonly string[]; selection: readonly string[] },
  next: PipelineDocument,
  catalog: readonly ComponentInfo[],
  selection: readonly string[] = prev.selection,
): EditorSlice {
  const exists = (id: string) => Object.hasOwn(next.nodes, id);
  const stale = new Set(prev.stale.filter(exists));
  for (const id of downstreamOf(next, prev.doc ? changedNodes(prev.doc, next) : [])) stale.add(id);
  return { doc: next, stale: [...stale], selection: [...new Set(selection)].filter(exists), diagnostics: diagnose(next, catalog) };
}
