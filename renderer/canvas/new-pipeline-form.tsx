import { useState } from 'react';
import { usePipelineListStore } from '../stores/pipeline-list.store';
import { freeName } from './names';

/** Name and template of a new pipeline; creating it opens it. */
export function NewPipelineForm({ onDone }: { onDone: () => void }) {
  const entries = usePipelineListStore((s) => s.entries);
  const create = usePipelineListStore((s) => s.create);
  const busy = usePipelineListStore((s) => s.busy);
  const [name, setName] = useState(() => freeName('pipeline', entries.map((e) => e.path)));
  const [template, setTemplate] = useState<'blank' | 'example'>('blank');
  const submit = async () => {
    if (await create(name.trim(), template)) onDone();
  };
  return (
    <form
      className="card new-pipeline"
      data-testid="new-pipeline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>New pipeline</h2>
      <div className="row">
        <input aria-label="Pipeline name" data-testid="pipeline-name" value={name} autoFocus onChange={(e) => setName(e.target.value)} spellCheck={false} />
        <select aria-label="Template" data-testid="pipeline-template" value={template} onChange={(e) => setTemplate(e.target.value === 'example' ? 'example' : 'blank')}>
          <option value="blank">Blank</option>
          <option value="example">From example (read, split, profile)</option>
        </select>
        <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="pipeline-create">
          Create
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <p className="hint">Saved as pipelines/{name.trim() || '…'}.nodebook.yaml. Letters, digits, _, . and -.</p>
    </form>
  );
}
