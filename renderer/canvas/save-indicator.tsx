import { usePipelineEditorStore } from '../stores/pipeline-editor.store';

const TEXT = { saved: 'Saved', saving: 'Saving…', dirty: 'Unsaved', conflict: 'Changed on disk', error: 'Not saved' } as const;

/** Autosave state; an error says why and offers a retry, so nothing typed is silently lost. */
export function SaveIndicator() {
  const saveState = usePipelineEditorStore((s) => s.saveState);
  const saveError = usePipelineEditorStore((s) => s.saveError);
  const flush = usePipelineEditorStore((s) => s.flush);
  const path = usePipelineEditorStore((s) => s.path);
  return (
    <span className={`save-state ${saveState}`} data-testid="save-state" data-state={saveState} title={saveError ?? path ?? ''}>
      {TEXT[saveState]}
      {saveState === 'error' ? (
        <button type="button" className="link" onClick={() => void flush()} data-testid="save-retry">
          retry
        </button>
      ) : null}
    </span>
  );
}
