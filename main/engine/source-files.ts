import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface SourceFile {
  /** Where in `with:` the path was found, e.g. `path` or `files.0`. */
  readonly param: string;
  /** Workspace-relative path. */
  readonly rel: string;
  readonly abs: string;
  readonly sha256: string;
  readonly size: number;
}

// Hashing a large CSV on every run is the price of a correct cache; skip it while size and mtime hold.
const memo = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

async function hashFile(abs: string, size: number, mtimeMs: number): Promise<string> {
  const known = memo.get(abs);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(abs)) hash.update(chunk);
  const sha256 = hash.digest('hex');
  memo.set(abs, { size, mtimeMs, sha256 });
  return sha256;
}

function strings(value: unknown, path: string[], out: [string, string][]): void {
  if (typeof value === 'string') out.push([path.join('.'), value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, String(i)], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, [...path, k], out);
}

/**
 * Workspace files a node's params name (data.read_csv's `path`, a code cell reading a file).
 * Their content hashes go into the cache key, so editing data/penguins.csv re-runs the node,
 * and they are recorded as the source artifacts that lineage walks back to. Any string param
 * naming an existing file inside the workspace (outside .nodebook/) counts.
 */
export async function sourceFilesOf(workspaceDir: string, params: unknown): Promise<SourceFile[]> {
  const found: [string, string][] = [];
  strings(params, [], found);
  const out: SourceFile[] = [];
  for (const [param, value] of found) {
    if (value.length === 0 || value.length > 1024 || value.includes('\n')) continue;
    const abs = resolve(workspaceDir, value);
    const rel = relative(workspaceDir, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep)[0] === '.nodebook') continue;
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    out.push({ param, rel, abs, sha256: await hashFile(abs, stat.size, stat.mtimeMs), size: stat.size });
  }
  return out;
}
