import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import type { NodeRunInfo } from '../stores/run-events';

export type CellStatus = 'idle' | 'stale' | 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'skipped';

/** What a cell's badge says: a live state wins, then an edit since the last run (stale), then the last run. */
export function cellStatus(info: NodeRunInfo | undefined, stale: boolean): CellStatus {
  if (info?.state === 'queued' || info?.state === 'running') return info.state;
  if (stale) return 'stale';
  return info?.state ?? 'idle';
}

export type CellKind = 'code' | 'note' | 'params';

/** How a node shows as a cell; without its component info (catalog not loaded yet) its keys decide. */
export function cellKind(node: PipelineNode, info: ComponentInfo | undefined): CellKind {
  if (info) return info.codeLanguage !== null ? 'code' : info.hasText ? 'note' : 'params';
  return node.code !== undefined ? 'code' : node.text !== undefined ? 'note' : 'params';
}

/** The editor language of a code cell. */
export function codeLanguage(node: PipelineNode, info: ComponentInfo | undefined): 'python' | 'sql' | 'javascript' {
  if (info?.codeLanguage) return info.codeLanguage;
  return node.use.startsWith('code.sql') ? 'sql' : node.use.startsWith('code.js') ? 'javascript' : 'python';
}
