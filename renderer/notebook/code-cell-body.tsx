import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import { CodeEditor } from '../monaco/code-editor';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useRunStateStore } from '../stores/run-state.store';
import { CellInputs } from './cell-inputs';
import { CellOutputsSpec } from './cell-outputs-spec';
import { codeLanguage } from './cell-status';

/** A code cell: its inputs (variables), the code in Monaco, and the outputs it declares. */
export function CodeCellBody({ id, node, info }: { id: string; node: PipelineNode; info: ComponentInfo | undefined }) {
  const updateNode = usePipelineEditorStore((s) => s.updateNode);
  const runNode = useRunStateStore((s) => s.runNode);
  return (
    <div className="code-cell">
      <CellInputs id={id} node={node} info={info} />
      <CodeEditor value={node.code ?? ''} language={codeLanguage(node, info)} onChange={(code) => updateNode(id, { code })} onRun={() => void runNode(id)} testId={`code-${id}`} />
      {(info?.dynamicOutputs ?? node.out !== undefined) && <CellOutputsSpec id={id} node={node} />}
    </div>
  );
}
