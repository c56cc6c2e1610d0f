import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RecentWorkspace } from '../../shared/contracts/workspace.contract';
import { appHome, readJsonState, writeJsonState } from '../app/app-home';

const MAX_RECENT = 12;
const storedSchema = z.array(z.object({ root: z.string(), name: z.string(), openedAt: z.string() }));
type Stored = z.infer<typeof storedSchema>;

const file = (): string => join(appHome(), 'recent-workspaces.json');

export function listRecent(): RecentWorkspace[] {
  return readJsonState(file(), storedSchema, []).map((r) => ({ ...r, exists: existsSync(join(r.root, 'nodebook.yaml')) }));
}

export function rememberRecent(root: string, name: string): void {
  const rest: Stored = readJsonState(file(), storedSchema, []).filter((r) => r.root !== root);
  writeJsonState(file(), [{ root, name, openedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT));
}

export function forgetRecent(root: string): RecentWorkspace[] {
  writeJsonState(file(), readJsonState(file(), storedSchema, []).filter((r) => r.root !== root));
  return listRecent();
}
