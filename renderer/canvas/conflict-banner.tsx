import { usePipelineEditorStore } from '../stores/pipeline-editor.store';

/** The file changed on disk while edits here were unsaved: neither side is dropped without asking. */
export function ConflictBanner() {
  const conflict = usePipelineEditorStore((s) => s.conflict);
  const resolve = usePipelineEditorStore((s) => s.resolveConflict);
  const path = usePipelineEditorStore((s) => s.path);
  if (!conflict) return null;
  return (
    <div className="banner conflict" role="alert" data-testid="save-conflict">
      <span>
        <strong>{path}</strong> changed on disk while you had unsaved edits here. Autosave is paused.
      </span>
      <button type="button" onClick={() => void resolve('mine')} data-testid="conflict-keep-mine">
        Keep my version (overwrite the file)
      </button>
      <button type="button" onClick={() => void resolve('disk')} data-testid="conflict-use-disk">
        Use the file on disk
      </button>
    </div>
  );
}
