import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import type { Workspace } from '../workspace/workspace';

/**
 * Watches the open workspace's pipelines/ folder so an editor reloads a file changed by another
 * program (a text editor, git checkout, the CLI). Started lazily by the pipelines service and
 * moved when the workspace changes; `persistent: false` so it never holds the process open.
 * Events are coalesced per file: one save by an editor is several fs events.
 */
export function createPipelinesWatcher(onChange: (relPath: string) => void, delayMs = 80) {
  let current: { root: string; watcher: FSWatcher; timers: Map<string, ReturnType<typeof setTimeout>> } | null = null;

  const stop = () => {
    if (!current) return;
    for (const t of current.timers.values()) clearTimeout(t);
    current.watcher.close();
    current = null;
  };

  return {
    /** Watches `ws` (no-op when already watching it, or when it has no pipelines/ folder yet). */
    ensure(ws: Workspace, stillOpen: () => string | null): void {
      if (current?.root === ws.root) return;
      stop();
      if (!existsSync(ws.paths.pipelines)) return;
      const timers = new Map<string, ReturnType<typeof setTimeout>>();
      let watcher: FSWatcher;
      try {
        watcher = watch(ws.paths.pipelines, { persistent: false }, (_event, filename) => {
          const name = filename?.toString();
          if (!name || name.startsWith('.') || !/\.ya?ml$/.test(name)) return;
          const rel = relative(ws.root, join(ws.paths.pipelines, name));
          clearTimeout(timers.get(rel));
          timers.set(
            rel,
            setTimeout(() => {
              timers.delete(rel);
              // The workspace may have been closed or switched since: its files are no one's concern now.
              if (stillOpen() !== ws.root) return stop();
              onChange(rel);
            }, delayMs),
          );
        });
      } catch {
        return; // not watchable (e.g. some network file systems): reloads then need a reopen
      }
      watcher.on('error', stop);
      current = { root: ws.root, watcher, timers };
    },
    close: stop,
  };
}

