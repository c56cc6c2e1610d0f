import { useState } from 'react';
import type { PipelineEntry } from '../../shared/contracts/pipelines.contract';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { usePipelineListStore } from '../stores/pipeline-list.store';
import { freeName, pipelineFileName } from './names';

type Mode = 'view' | 'rename' | 'delete';

/** One pipeline file: open, rename, duplicate, delete (after a confirmation). */
export function PipelineRow({ entry, onOpen }: { entry: PipelineEntry; onOpen: (path: string) => void }) {
  const { rename, duplicate, remove, busy, entries } = usePipelineListStore();
  const isOpen = usePipelineEditorStore((s) => s.tabs.includes(entry.path));
  const [mode, setMode] = useState<Mode>('view');
  const file = pipelineFileName(entry.path);
  const [name, setName] = useState(file);
  const modified = new Date(entry.modifiedAt);
  return (
    <tr data-testid={`pipeline-row-${file}`}>
      <td>
        {mode === 'rename' ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void rename(entry.path, name.trim()).then((ok) => ok && setMode('view'));
            }}
          >
            <input aria-label="New name" data-testid="rename-input" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="primary" disabled={busy} data-testid="rename-confirm">
              Rename
            </button>
            <button type="button" onClick={() => setMode('view')}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" className="link strong" onClick={() => onOpen(entry.path)} data-testid={`open-${file}`}>
            {entry.name}
          </button>
        )}
        <div className="path">{entry.path}{isOpen ? ' · open' : ''}</div>
      </td>
      <td>{entry.nodeCount}</td>
      <td title={modified.toISOString()}>{modified.toLocaleString()}</td>
      <td className="err-cell">{entry.error ? <span className="pfield-error" title={entry.error}>{entry.error}</span> : <span className="muted">—</span>}</td>
      <td className="actions-cell">
        {mode === 'delete' ? (
          <span className="row">
            Delete {file}?
            <button type="button" className="danger" disabled={busy} onClick={() => void remove(entry.path)} data-testid={`delete-confirm-${file}`}>
              Delete
            </button>
            <button type="button" onClick={() => setMode('view')}>
              Cancel
            </button>
          </span>
        ) : (
          <span className="row">
            <button type="button" onClick={() => onOpen(entry.path)}>
              Open
            </button>
            <button type="button" onClick={() => (setName(file), setMode('rename'))} data-testid={`rename-${file}`}>
              Rename
            </button>
            <button type="button" disabled={busy} onClick={() => void duplicate(entry.path, freeName(`${file}-copy`, entries.map((e) => e.path)))} data-testid={`duplicate-${file}`}>
              Duplicate
            </button>
            <button type="button" onClick={() => setMode('delete')} data-testid={`delete-${file}`}>
              Delete
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
