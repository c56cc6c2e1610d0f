import { useRunsStore } from '../stores/runs.store';
import { formatCounts, formatDuration, formatTime } from './format';
import { StatusPill } from './status-pill';

export function RunList() {
  const { runs, selectedId, select } = useRunsStore();
  return (
    <table className="list runs-table" data-testid="run-list">
      <thead>
        <tr>
          <th>Status</th>
          <th>Pipeline</th>
          <th>Started</th>
          <th>Duration</th>
          <th>Steps</th>
          <th>Trigger</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr
            key={r.id}
            data-testid={`run-row-${r.id}`}
            className={r.id === selectedId ? 'selected' : undefined}
            onClick={() => void select(r.id)}
            tabIndex={0}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void select(r.id);
            }}
          >
            <td>
              <StatusPill status={r.status} />
            </td>
            <td>{r.pipelineName}</td>
            <td>{formatTime(r.startedAt)}</td>
            <td>{formatDuration(r.durationMs)}</td>
            <td className="muted">{formatCounts(r.counts)}</td>
            <td className="muted">{r.trigger}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
