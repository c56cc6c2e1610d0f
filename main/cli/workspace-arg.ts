import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { markInterruptedRuns } from '../engine/lineage';
import { sweepTmp } from '../engine/tmp-sweep';
import { openWorkspace, type Workspace } from '../workspace/workspace';

/**
 * The workspace a command works on: --workspace, else the nearest folder above `near` (a
 * pipeline file) holding nodebook.yaml or pipelines/, else the current directory.
 */
export function findWorkspaceDir(explicit: string | undefined, near?: string): string {
  if (explicit) return resolve(explicit);
  if (near) {
    let dir = dirname(resolve(near));
    for (;;) {
      if (existsSync(join(dir, 'nodebook.yaml')) || (existsSync(join(dir, 'pipelines')) && statSync(join(dir, 'pipelines')).isDirectory())) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return process.cwd();
}

/** Opens the workspace and settles runs (and tmp files) a dead process left behind. */
export function openForCli(dir: string): Workspace {
  const ws = openWorkspace(dir);
  markInterruptedRuns(ws.db);
  sweepTmp(ws.db, ws.paths.tmp);
  return ws;
}

/** openForCli for a command: prints why a workspace cannot be opened and returns null (exit 2). */
export function openForCommand(dir: string): Workspace | null {
  try {
    return openForCli(dir);
  } catch (err) {
    console.error(errorText(err));
    return null;
  }
}

export function errorText(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

export const formatMs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`);

/** `nodebook runs | head` closes the pipe early: stop quietly instead of crashing with EPIPE. */
let pipeGuarded = false;
export function exitQuietlyOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
}
