import { useState } from 'react';
import type { PipelineNode } from '../../shared/pipeline/document';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { MarkdownView } from './markdown-view';

/** A note: rendered Markdown, or its source while editing (double-click or Edit). */
export function NoteCellBody({ id, node }: { id: string; node: PipelineNode }) {
  const updateNode = usePipelineEditorStore((s) => s.updateNode);
  const [editing, setEditing] = useState((node.text ?? '') === '');
  const text = node.text ?? '';
  return (
    <div className="note-cell">
      {editing ? (
        <textarea
          className="note-source"
          value={text}
          rows={Math.max(3, text.split('\n').length + 1)}
          spellCheck
          autoFocus
          placeholder="Markdown: # heading, **bold**, - lists, ```code```"
          onChange={(e) => updateNode(id, { text: e.target.value })}
          data-testid={`note-source-${id}`}
        />
      ) : (
        <div onDoubleClick={() => setEditing(true)} data-testid={`note-view-${id}`}>
          <MarkdownView text={text} />
        </div>
      )}
      <button type="button" className="link note-toggle" onClick={() => setEditing(!editing)} data-testid={`note-toggle-${id}`}>
        {editing ? 'Done' : 'Edit'}
      </button>
    </div>
  );
}
