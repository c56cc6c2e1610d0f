import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes what killed runs left in `.nodebook/tmp`: execution folders (`exe_<id>-<attempt>`)
 * whose execution is no longer running, and partial artifact copies of dead processes. Never
 * touches the artifact store itself, whose files are always complete.
 */
export function sweepTmp(db: Db, tmpDir: string): number {
  let entries: string[];
  try {
    entries = readdirSync(tmpDir);
  } catch {
    return 0;
  }
  const running = db.prepare(`SELECT 1 FROM execution WHERE id = ? AND state = 'running'`).pluck();
  let removed = 0;
  for (const name of entries) {
    const exe = /^(exe_[0-9a-f]+)-\d+$/.exec(name);
    const part = /^artifact-(\d+)-[0-9a-f]+\.part$/.exec(name);
    const stale = exe?.[1] !== undefined ? running.get(exe[1]) === undefined : part?.[1] !== undefined ? !isAlive(Number(part[1])) : false;
    if (stale) {
      rmSync(join(tmpDir, name), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
