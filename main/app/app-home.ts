import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';

/** Per-user app state (recent workspaces, preferences, browser profile): NODEBOOK_HOME, else XDG config. */
export function appHome(): string {
  const dir = process.env.NODEBOOK_HOME ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'nodebook');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Reads a JSON state file through its schema; a missing or damaged file yields the fallback. */
export function readJsonState<S extends z.ZodType>(file: string, schema: S, fallback: z.output<S>): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: a damaged state file must not stop the app
  }
  console.warn(`[nodebook] ignoring unreadable ${file}`);
  return fallback;
}

export function writeJsonState(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}
