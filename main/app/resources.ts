import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The `resources/` folder, found by walking up from this module: it sits at the repo root
 * whether this code runs from source (main/app/) or bundled (dist/main/).
 */
export function resourcesRoot(): string {
  if (cached) return cached;
  if (process.env.NODEBOOK_RESOURCES) return (cached = process.env.NODEBOOK_RESOURCES);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'resources', 'schemas'))) return (cached = join(dir, 'resources'));
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Nodebook resources/ folder not found next to the app');
    dir = parent;
  }
}

export const resourcePath = (...parts: string[]): string => join(resourcesRoot(), ...parts);
