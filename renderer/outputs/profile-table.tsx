import { formatValue } from './format-value';
import type { ProfileColumn } from './json-shape';

const STATS = ['count', 'missing', 'distinct', 'min', 'max', 'mean', 'std', 'q50', 'top'] as const;

/** A data profile: one row per column with its summary statistics. */
export function ProfileTable({ rows, columns }: { rows: number | null; columns: ProfileColumn[] }) {
  return (
    <div className="profile" data-testid="profile-table">
      {rows !== null && <div className="muted">{rows.toLocaleString('en-US')} rows profiled</div>}
      <div className="h-scroll">
        <table className="kv-table">
          <thead>
            <tr>
              <th>column</th>
              <th>type</th>
              {STATS.map((s) => (
                <th key={s}>{s === 'q50' ? 'median' : s}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name}>
                <th>{c.name}</th>
                <td className="muted">{c.type}</td>
                {STATS.map((s) => (
                  <td key={s} className={`mono${s === 'missing' && typeof c.stats[s] === 'number' && c.stats[s] > 0 ? ' warn' : ''}`}>
                    {s in c.stats ? formatValue(c.stats[s], 60) : ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
