import { ReactFlowProvider } from '@xyflow/react';
import { EditorLayout } from './editor-layout';

/** The open pipeline; React Flow's provider wraps the toolbar too, so it can fit the view. */
export function PipelineEditorView() {
  return (
    <ReactFlowProvider>
      <EditorLayout />
    </ReactFlowProvider>
  );
}
