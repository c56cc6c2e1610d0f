import { formatValue } from './format-value';
import { orderChecks, type ValidationReport } from './json-shape';

/** A validation report as a table, failed checks first and highlighted. */
export function ValidationReportView({ report }: { report: ValidationReport }) {
  const failed = report.checks.filter((c) => !c.passed).length;
  return (
    <div className="report" data-testid="validation-report">
      <div className={`report-summary ${report.passed ? 'ok' : 'bad'}`}>
        {report.passed ? '✓ All checks passed' : `✗ ${failed} of ${report.checks.length} checks failed`}
        {report.rows !== undefined && <span className="muted"> · {report.rows.toLocaleString('en-US')} rows</span>}
        {report.referenceRows !== undefined && <span className="muted"> · reference {report.referenceRows.toLocaleString('en-US')} rows</span>}
      </div>
      <table className="kv-table">
        <thead>
          <tr>
            <th />
            <th>check</th>
            <th>kind</th>
            <th>observed</th>
            <th>expected</th>
            <th>message</th>
          </tr>
        </thead>
        <tbody>
          {orderChecks(report.checks).map((c, i) => (
            <tr key={`${c.name}-${i}`} className={c.passed ? '' : 'failed'} data-testid={c.passed ? 'check-passed' : 'check-failed'}>
              <td>{c.passed ? '✓' : '✗'}</td>
              <td>{c.name}</td>
              <td className="muted">{c.severity === 'expectation' ? c.kind : `${c.kind} (${c.severity})`}</td>
              <td className="mono">{formatValue(c.observed)}</td>
              <td className="mono">{formatValue(c.expected)}</td>
              <td>{c.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
