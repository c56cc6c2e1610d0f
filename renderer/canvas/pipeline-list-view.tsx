import { useState } from 'react';
import { EmptyState } from '../components/empty-state';
import { ErrorBox } from '../components/error-box';
import { usePipelineListStore } from '../stores/pipeline-list.store';
import { NewPipelineForm } from './new-pipeline-form';
import { PipelineRow } from './pipeline-row';
import { freeName } from './names';

/** Every pipeline file of the workspace, with the first problem of each. */
export function PipelineListView({ onOpen }: { onOpen: (path: string) => void }) {
  const { entries, loaded, error, clearError, create, busy } = usePipelineListStore();
  const [creating, setCreating] = useState(false);
  const fromExample = () => void create(freeName('penguins', entries.map((e) => e.path)), 'example');
  return (
    <div className="pl-list" data-testid="pipeline-list">
      {error ? <ErrorBox error={error} onDismiss={clearError} /> : null}
      {creating ? <NewPipelineForm onDone={() => setCreating(false)} /> : null}
      {!loaded ? null : entries.length === 0 && !creating ? (
        <EmptyState
          testId="empty-pipelines"
          icon="⎔"
          title="No pipelines yet"
          actions={
            <>
              <button type="button" className="primary" disabled={busy} onClick={() => setCreating(true)} data-testid="pipeline-new">
                Create a pipeline
              </button>
              <button type="button" disabled={busy} onClick={fromExample} data-testid="empty-example">
                Start from the example
              </button>
            </>
          }
        >
          <p>
            A pipeline is a file <code>pipelines/&lt;name&gt;.nodebook.yaml</code>: steps such as <code>data.read_csv</code>, <code>data.split</code> and
            Python or SQL cells, wired by their inputs and outputs. Every step is cached, and every output can be traced back to what produced it.
          </p>
          <p>Draw one on the canvas, or write it as notebook cells: it is the same document.</p>
        </EmptyState>
      ) : entries.length > 0 ? (
        <>
          <div className="row list-actions">
            {!creating ? (
              <button type="button" className="primary" onClick={() => setCreating(true)} data-testid="pipeline-new">
                New pipeline
              </button>
            ) : null}
          </div>
          <table className="list pipelines">
            <thead>
              <tr>
                <th>Name</th>
                <th>Nodes</th>
                <th>Modified</th>
                <th>Problems</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <PipelineRow key={e.path} entry={e} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
