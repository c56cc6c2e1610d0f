const LABEL: Record<string, string> = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  done: 'done',
  cached: 'cached',
  skipped: 'skipped',
};

export function StatusPill({ status }: { status: string }) {
  return (
    <span className={`pill pill-${status}`} data-testid="status-pill" data-status={status}>
      {LABEL[status] ?? status}
    </span>
  );
}
