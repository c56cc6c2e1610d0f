import type { NodeRunInfo } from '../stores/run-state.store';
import { formatDuration, shownState } from './node-state';

/** A node's run state, with progress while running and the duration once finished. */
export function RunBadge({ info, stale }: { info: NodeRunInfo | undefined; stale: boolean }) {
  const state = shownState(info, stale);
  if (state === 'idle') return null;
  const progress = state === 'running' && info?.progress !== undefined ? ` ${Math.round(info.progress * 100)}%` : '';
  const finished = state === 'done' || state === 'cached' || state === 'failed';
  const duration = finished && info?.durationMs !== undefined ? ` · ${formatDuration(info.durationMs)}` : '';
  return (
    <span className={`badge state-${state}`} data-testid="node-state">
      {state}
      {progress}
      {duration}
    </span>
  );
}
