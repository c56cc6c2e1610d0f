import type { LineageGraph } from '../../shared/contracts/runs.contract';
import { useRunsStore } from '../stores/runs.store';

function GraphList({ graph, empty }: { graph: LineageGraph; empty: string }) {
  const artifacts = new Map(graph.artifacts.map((a) => [a.id, a]));
  // Source files are shown by their workspace path, stored artifacts by id.
  const label = (id: string) => {
    const a = artifacts.get(id);
    return a && !a.uri.includes('artifacts') ? a.uri : id;
  };
  if (graph.executions.length === 0) return <p className="hint">{empty}</p>;
  return (
    <ul className="lineage-list">
      {graph.executions.map((e) => (
        <li key={e.id}>
          <strong>{e.nodeId}</strong> <span className="muted">({e.component}, run {e.runId})</span>
          <div className="muted">
            in: {Object.entries(e.inputs).map(([port, id]) => `${port}=${label(id)}`).join(', ') || '—'} · out:{' '}
            {Object.entries(e.outputs).map(([port, id]) => `${port}=${id}`).join(', ') || '—'}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** What produced an artifact (back to its source files) and what used it. */
export function LineagePanel() {
  const { lineage, closeLineage } = useRunsStore();
  if (!lineage) return null;
  return (
    <div className="card" data-testid="lineage-panel">
      <div className="row">
        <h2 style={{ margin: 0 }}>
          Lineage of <code>{lineage.artifactId}</code>
        </h2>
        <span style={{ flex: 1 }} />
        <button className="link" onClick={closeLineage}>
          Close
        </button>
      </div>
      <h3>Produced by (upstream)</h3>
      <GraphList graph={lineage.upstream} empty="A source artifact: nothing upstream." />
      <h3>Used by (downstream)</h3>
      <GraphList graph={lineage.downstream} empty="Not used by any step yet." />
    </div>
  );
}
