import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { resourcesRoot } from './resources';
import { join, dirname } from 'node:path';

let cached: string | undefined;

/** The app version from package.json (next to resources/). */
export function appVersion(): string {
  if (cached) return cached;
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(dirname(resourcesRoot()), 'package.json'), 'utf8')));
  return (cached = pkg.version);
}

export const distRoot = (): string => join(dirname(resourcesRoot()), 'dist');
