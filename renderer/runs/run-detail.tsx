import { useRunsStore } from '../stores/runs.store';
import { formatBytes, formatDuration, formatTime } from './format';
import { StatusPill } from './status-pill';

/** One run: what ran, what was cached, outputs with their lineage, metrics, environment and the exact pipeline text. */
export function RunDetailView() {
  const { detail, showLineage } = useRunsStore();
  if (!detail) return null;
  const sizes = new Map(detail.artifacts.map((a) => [a.id, a.size]));
  return (
    <div data-testid="run-detail">
      <div className="card">
        <div className="row">
          <h2 style={{ margin: 0 }}>
            {detail.pipelineName} <span className="muted">· {detail.id}</span>
          </h2>
          <span style={{ flex: 1 }} />
          <StatusPill status={detail.status} />
        </div>
        <p className="hint" style={{ marginTop: 8 }}>
          Started {formatTime(detail.startedAt)} by {detail.trigger} · {formatDuration(detail.durationMs)} · {detail.pipelinePath} · params{' '}
          <code>{JSON.stringify(detail.params)}</code>
        </p>
        <table className="list" data-testid="run-steps">
          <thead>
            <tr>
              <th>Step</th>
              <th>Component</th>
              <th>State</th>
              <th>Duration</th>
              <th>Outputs</th>
            </tr>
          </thead>
          <tbody>
            {detail.executions.map((e) => (
              <tr key={e.id} data-testid={`run-step-${e.nodeId}`}>
                <td>{e.nodeId}</td>
                <td className="muted">{e.component}</td>
                <td>
                  <StatusPill status={e.state} />
                  {e.error ? <div className="step-error">{e.error.message.split('\n').slice(0, 3).join('\n')}</div> : null}
                </td>
                <td>{e.state === 'cached' ? 'cached' : formatDuration(e.durationMs)}</td>
                <td>
                  {Object.entries(e.outputs).map(([port, id]) => (
                    <button key={port} className="link" title="Show lineage" data-testid={`lineage-${e.nodeId}-${port}`} onClick={() => void showLineage(id)}>
                      {port} ({formatBytes(sizes.get(id) ?? 0)})
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.metrics.length > 0 ? (
        <div className="card">
          <h2>Metrics</h2>
          <table className="list" data-testid="run-metrics">
            <tbody>
              {detail.metrics.map((m) => (
                <tr key={`${m.nodeId}.${m.name}`}>
                  <td>{m.nodeId}</td>
                  <td>{m.name}</td>
                  <td>{Number.isInteger(m.value) ? m.value : m.value.toPrecision(5)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <details className="card">
        <summary>Environment</summary>
        <pre className="code-block">{JSON.stringify(detail.environment, null, 2)}</pre>
      </details>
      <details className="card">
        <summary>Pipeline as it ran</summary>
        <pre className="code-block">{detail.pipelineText}</pre>
      </details>
    </div>
  );
}
