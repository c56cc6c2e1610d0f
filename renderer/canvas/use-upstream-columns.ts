import { useEffect } from 'react';
import { parseBinding } from '../../shared/pipeline/graph';
import { useArtifactPreviewStore } from '../stores/artifact-preview.store';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useRunStateStore } from '../stores/run-state.store';

const NONE: string[] = [];

/**
 * Column names of the table feeding a node's first bound table input, once that upstream output
 * exists from a run (its schema comes with the artifact preview). Empty before any run: the
 * column fields then stay free text.
 */
export function useUpstreamColumns(nodeId: string): string[] {
  const binding = usePipelineEditorStore((s) => {
    const node = s.doc?.nodes[nodeId];
    return node ? Object.values(node.in ?? {})[0] : undefined;
  });
  const ref = binding ? parseBinding(binding) : null;
  const output = useRunStateStore((s) => (ref ? s.nodes[ref.node]?.outputs?.[ref.port] : undefined));
  const artifactId = output?.type === 'table' ? output.artifactId : undefined;
  const meta = useArtifactPreviewStore((s) => (artifactId ? s.entries[artifactId]?.meta : undefined));
  useEffect(() => {
    if (artifactId) void useArtifactPreviewStore.getState().ensure(artifactId);
  }, [artifactId]);
  return meta?.kind === 'table' ? meta.schema.map((c) => c.name) : NONE;
}
