import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeDiagnostics } from '../canvas/diagnose';
import { RunBadge } from '../canvas/run-badge';
import { NodeOutputs } from '../outputs/node-outputs';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useNotebookStore } from '../stores/notebook.store';
import { useRunStateStore } from '../stores/run-state.store';
import { AddCellMenu } from './add-cell-menu';
import { cellKind, cellStatus } from './cell-status';
import { CellInputs } from './cell-inputs';
import { CodeCellBody } from './code-cell-body';
import { NoteCellBody } from './note-cell-body';
import { ParamsCellBody } from './params-cell-body';

interface Props {
  id: string;
  index: number;
  canMoveUp: boolean;
  canMoveDown: boolean;
}

/** One node as a notebook cell: header (state, run, move), its editor by kind, its outputs, and "add below". */
export const NotebookCell = memo(function NotebookCell({ id, index, canMoveUp, canMoveDown }: Props) {
  const node = usePipelineEditorStore((s) => s.doc?.nodes[id]);
  const info = usePipelineEditorStore((s) => s.catalog.find((c) => c.key === node?.use));
  const stale = usePipelineEditorStore((s) => s.stale.includes(id));
  const selected = usePipelineEditorStore((s) => s.selection.includes(id));
  // Messages only, compared item by item: an edit elsewhere re-validates the document but leaves these equal.
  const problems = usePipelineEditorStore(
    useShallow((s) => nodeDiagnostics(s.diagnostics, id).filter((d) => d.severity === 'error' && !d.field?.startsWith('with.')).map((d) => d.message)),
  );
  const run = useRunStateStore((s) => s.nodes[id]);
  const busy = useRunStateStore((s) => s.running);
  const { runNode } = useRunStateStore.getState();
  const { select, removeNodes } = usePipelineEditorStore.getState();
  const { moveCell } = useNotebookStore.getState();
  if (!node) return null;
  const kind = cellKind(node, info);
  const status = cellStatus(run, stale);

  return (
    <article
      className={`cell kind-${kind} status-${status}${selected ? ' selected' : ''}`}
      data-testid={`cell-${id}`}
      data-state={status}
      data-kind={kind}
      onMouseDown={() => !selected && select([id])}
    >
      <header className="cell-head">
        <span className="cell-index">{kind === 'note' ? '¶' : `[${index + 1}]`}</span>
        <span className="cell-id">{id}</span>
        <span className="cell-component">{info?.title ?? node.use}</span>
        {kind !== 'note' && <RunBadge info={run} stale={stale} />}
        {status === 'running' && run?.progress !== undefined && (
          <span className="cell-progress" aria-label="progress">
            <span style={{ width: `${Math.round(run.progress * 100)}%` }} />
          </span>
        )}
        <span className="cell-spacer" />
        <button type="button" className="icon-button" disabled={!canMoveUp} onClick={() => void moveCell(id, -1)} title="Move up (where the graph allows)" aria-label="move cell up" data-testid={`cell-up-${id}`}>
          ↑
        </button>
        <button type="button" className="icon-button" disabled={!canMoveDown} onClick={() => void moveCell(id, 1)} title="Move down (where the graph allows)" aria-label="move cell down" data-testid={`cell-down-${id}`}>
          ↓
        </button>
        <button type="button" className="icon-button" onClick={() => removeNodes([id])} title="Delete cell (undo with Ctrl+Z)" aria-label="delete cell" data-testid={`cell-delete-${id}`}>
          ×
        </button>
        {kind !== 'note' && (
          <button type="button" className="cell-run" disabled={busy} onClick={() => void runNode(id)} title="Run this cell and what it needs upstream (Shift+Enter in code)" data-testid={`cell-run-${id}`}>
            ▶ Run
          </button>
        )}
      </header>
      <div className="cell-body">
        {kind === 'code' && <CodeCellBody id={id} node={node} info={info} />}
        {kind === 'note' && <NoteCellBody id={id} node={node} />}
        {kind === 'params' && (
          <>
            <CellInputs id={id} node={node} info={info} />
            <ParamsCellBody id={id} node={node} info={info} />
          </>
        )}
        {problems.length > 0 && (
          <ul className="cell-problems" data-testid={`cell-problems-${id}`}>
            {problems.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        )}
      </div>
      {kind !== 'note' && <NodeOutputs nodeId={id} />}
      <AddCellMenu after={id} />
    </article>
  );
});
