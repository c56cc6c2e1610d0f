import { useRunStateStore } from '../stores/run-state.store';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { SaveIndicator } from './save-indicator';

interface Props {
  onFitView: () => void;
  onToggleHelp: () => void;
}

/** View switch, runs, layout, history and help for the open pipeline. */
export function CanvasToolbar({ onFitView, onToggleHelp }: Props) {
  const view = usePipelineEditorStore((s) => s.view);
  const setView = usePipelineEditorStore((s) => s.setView);
  const canUndo = usePipelineEditorStore((s) => s.canUndo);
  const canRedo = usePipelineEditorStore((s) => s.canRedo);
  const undo = usePipelineEditorStore((s) => s.undo);
  const redo = usePipelineEditorStore((s) => s.redo);
  const autoLayout = usePipelineEditorStore((s) => s.autoLayout);
  const staleCount = usePipelineEditorStore((s) => s.stale.length);
  const running = useRunStateStore((s) => s.running);
  const startError = useRunStateStore((s) => s.startError);
  const runAll = useRunStateStore((s) => s.runAll);
  const runStale = useRunStateStore((s) => s.runStale);
  const cancel = useRunStateStore((s) => s.cancel);
  return (
    <div className="pl-toolbar" data-testid="pipeline-toolbar">
      <div className="seg" role="tablist" aria-label="View">
        <button type="button" role="tab" aria-selected={view === 'canvas'} className={view === 'canvas' ? 'on' : ''} onClick={() => setView('canvas')} data-testid="view-canvas">
          Canvas
        </button>
        <button type="button" role="tab" aria-selected={view === 'notebook'} className={view === 'notebook' ? 'on' : ''} onClick={() => setView('notebook')} data-testid="view-notebook">
          Notebook
        </button>
      </div>
      <span className="sep" />
      <button type="button" className="primary" disabled={running} onClick={() => void runAll()} data-testid="run-all" title="Run every node (cached steps are reused)">
        ▶ Run all
      </button>
      <button type="button" disabled={running} onClick={() => void runStale()} data-testid="run-stale" title="Run what changed since the last run, and what depends on it">
        Run stale{staleCount ? ` (${staleCount})` : ''}
      </button>
      <button type="button" disabled={!running} onClick={() => void cancel()} data-testid="run-cancel">
        ■ Cancel
      </button>
      <span className="sep" />
      <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo" aria-label="Undo">
        ↶
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo" aria-label="Redo">
        ↷
      </button>
      {view === 'canvas' ? (
        <>
          <button type="button" onClick={autoLayout} title="Auto-layout, left to right (L)" data-testid="auto-layout">
            Auto-layout
          </button>
          <button type="button" onClick={onFitView} title="Fit the view (F)" data-testid="fit-view">
            Fit
          </button>
        </>
      ) : null}
      <button type="button" onClick={onToggleHelp} title="Keyboard shortcuts (?)" data-testid="help-toggle" aria-label="Keyboard shortcuts">
        ?
      </button>
      <span className="grow" />
      {startError ? (
        <span className="pfield-error run-error" data-testid="run-start-error" title={startError}>
          {startError.split('\n')[0]}
        </span>
      ) : null}
      <SaveIndicator />
    </div>
  );
}
