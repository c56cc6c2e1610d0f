import { formatValue } from './format-value';

/** Metrics as `name → value` rows (nested keys dotted). */
export function MetricsTable({ rows }: { rows: [string, unknown][] }) {
  if (rows.length === 0) return <p className="muted">Empty.</p>;
  return (
    <table className="kv-table" data-testid="metrics-table">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td className="mono">{formatValue(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
