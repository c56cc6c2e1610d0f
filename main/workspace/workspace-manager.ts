import { readdirSync } from 'node:fs';
import { UserError } from '../../shared/errors';
import type { WorkspaceInfo } from '../../shared/contracts/workspace.contract';
import type { WorkspaceSettings } from '../../shared/workspace-settings';
import { initWorkspace, openWorkspace, type Workspace } from './workspace';
import { rememberRecent } from './recent-workspaces';

type Listener = (ws: Workspace | null) => void;

function countFiles(dir: string, match: (name: string) => boolean, limit = 10_000): number {
  let count = 0;
  const stack = [dir];
  while (stack.length > 0 && count < limit) {
    const d = stack.pop();
    if (d === undefined) break;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.')) stack.push(`${d}/${e.name}`);
      else if (e.isFile() && match(e.name)) count++;
    }
  }
  return count;
}

/**
 * Holds the one open workspace of this process. Opening another opens it fully before the
 * current one is closed, so a workspace that fails to open leaves the app where it was.
 */
export class WorkspaceManager {
  private ws: Workspace | null = null;
  private readonly listeners = new Set<Listener>();

  get current(): Workspace | null {
    return this.ws;
  }

  /** The open workspace, or a UserError the UI shows as "open a workspace first". */
  require(): Workspace {
    if (!this.ws) throw new UserError('no_workspace', 'No workspace is open. Open or create one first.');
    return this.ws;
  }

  open(path: string): Workspace {
    const next = openWorkspace(path);
    this.swap(next);
    return next;
  }

  create(path: string, name?: string): Workspace {
    initWorkspace(path, name);
    return this.open(path);
  }

  close(): boolean {
    if (!this.ws) return false;
    this.swap(null);
    return true;
  }

  /** Replaces the open workspace's settings after nodebook.yaml was rewritten. */
  updateSettings(settings: WorkspaceSettings): Workspace {
    const ws = this.require();
    this.ws = { ...ws, settings };
    return this.ws;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(ws: Workspace): WorkspaceInfo {
    return {
      root: ws.root,
      name: ws.name,
      pipelineCount: countFiles(ws.paths.pipelines, (n) => n.endsWith('.nodebook.yaml')),
      dataFileCount: countFiles(ws.paths.data, () => true),
      schemaVersion: Number(ws.db.pragma('user_version', { simple: true })),
    };
  }

  private swap(next: Workspace | null): void {
    const prev = this.ws;
    this.ws = next;
    if (prev && prev !== next) prev.close();
    if (next) rememberRecent(next.root, next.name);
    for (const l of this.listeners) l(next);
  }
}
