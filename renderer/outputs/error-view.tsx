import type { NodeRunError } from '../stores/run-events';
import { asValidationReport } from './json-shape';
import { ValidationReportView } from './validation-report-view';

function reportOf(details: unknown) {
  if (typeof details !== 'object' || details === null || !('report' in details)) return null;
  return asValidationReport(details.report);
}

const PREFIX = { error: '', skipped: 'Skipped: ', cancelled: '' } as const;

/** A node's failure: the message, the cell's own traceback in monospace, and a failed validation's report. */
export function ErrorView({ error, tone = 'error' }: { error: NodeRunError; tone?: 'error' | 'skipped' | 'cancelled' }) {
  const report = reportOf(error.details);
  const quiet = tone !== 'error';
  return (
    <div className={quiet ? 'node-skipped' : 'node-error'} data-testid={`node-${tone}`}>
      <div className="node-error-message">
        {PREFIX[tone]}
        {error.message}
        {error.code && !quiet ? <span className="muted"> ({error.code})</span> : null}
      </div>
      {error.traceback && (
        <pre className="traceback" data-testid="traceback">
          {error.traceback}
        </pre>
      )}
      {report && <ValidationReportView report={report} />}
    </div>
  );
}
