import { useState } from 'react';
import { useRunStateStore } from '../stores/run-state.store';
import { ErrorView } from './error-view';
import { LogView } from './log-view';
import { OutputView } from './output-view';

const EMPTY: string[] = [];

/** Everything a node's last run left: its error, its outputs and its log (shown under a cell and in the output panel). */
export function NodeOutputs({ nodeId }: { nodeId: string }) {
  const info = useRunStateStore((s) => s.nodes[nodeId]);
  const logs = useRunStateStore((s) => s.logs[nodeId] ?? EMPTY);
  const [showLogs, setShowLogs] = useState<boolean | null>(null);
  if (!info && logs.length === 0) return null;
  const live = info?.state === 'running';
  // Logs open by themselves while a node runs or when it failed; otherwise they stay folded.
  const logsOpen = showLogs ?? (live || info?.state === 'failed');
  return (
    <div className="node-outputs" data-testid={`outputs-${nodeId}`}>
      {info?.error && info.state === 'failed' && <ErrorView error={info.error} />}
      {info?.error && info.state === 'skipped' && <ErrorView error={info.error} tone="skipped" />}
      {info?.error && info.state === 'idle' && info.error.code === 'cancelled' && <ErrorView error={info.error} tone="cancelled" />}
      {logs.length > 0 && (
        <div className="logs">
          <button type="button" className="link" onClick={() => setShowLogs(!logsOpen)} data-testid={`logs-toggle-${nodeId}`}>
            {logsOpen ? '▾' : '▸'} Log ({logs.length} line{logs.length === 1 ? '' : 's'})
          </button>
          {logsOpen && <LogView lines={logs} live={live} />}
        </div>
      )}
      {Object.entries(info?.outputs ?? {}).map(([port, output]) => (
        <OutputView key={`${port}-${output.artifactId}`} nodeId={nodeId} port={port} output={output} />
      ))}
    </div>
  );
}
