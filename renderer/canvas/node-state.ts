import type { NodeRunInfo } from '../stores/run-state.store';

export type ShownState = 'idle' | 'stale' | 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'skipped';

/** What a node shows: a run in progress wins; then an edit since the last run (stale); then how that run ended. */
export function shownState(info: NodeRunInfo | undefined, stale: boolean): ShownState {
  if (info?.state === 'queued' || info?.state === 'running') return info.state;
  if (stale) return 'stale';
  return info?.state ?? 'idle';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
