import { useState } from 'react';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useDraft } from './use-draft';

/** Renames a node on Enter or blur; bindings that read it follow. A refused name says why. */
export function NodeIdField({ id }: { id: string }) {
  const renameNode = usePipelineEditorStore((s) => s.renameNode);
  const [text, setText] = useDraft(id);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    const next = text.trim();
    if (next === id) return setError(null);
    const result = renameNode(id, next);
    setError(result.error ?? null);
  };
  return (
    <div className={`pfield${error ? ' has-error' : ''}`}>
      <label className="pfield-label" htmlFor="node-id">
        id <span className="pfield-hint">other nodes bind to {id}.&lt;output&gt;</span>
      </label>
      <input
        id="node-id"
        data-testid="node-id-input"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
          if (e.key === 'Escape') {
            setText(id);
            setError(null);
          }
        }}
      />
      {error ? (
        <div className="pfield-error" data-testid="node-id-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
