import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Files under `dir` as paths relative to `root` (dot-entries skipped), breadth-first, at most `limit`. */
export function listFiles(root: string, dir: string, limit = 1000): { files: string[]; truncated: boolean } {
  const files: string[] = [];
  const queue = [dir];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    let entries;
    try {
      entries = readdirSync(next, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const abs = join(next, e.name);
      if (e.isDirectory()) queue.push(abs);
      else if (e.isFile()) {
        if (files.length >= limit) return { files: files.sort(), truncated: true };
        files.push(relative(root, abs).split('\\').join('/'));
      }
    }
  }
  return { files: files.sort(), truncated: false };
}
