import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsArtifactStore } from './artifact-store';
import { canonicalJson } from './canonical-json';
import { cacheKey } from './cache-key';

let dir: string;
let store: FsArtifactStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-store-'));
  store = new FsArtifactStore({ artifacts: join(dir, 'artifacts'), tmp: join(dir, 'tmp') });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const listFiles = (d: string): string[] => {
  try {
    return readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
};

describe('FsArtifactStore', () => {
  it('stores a file under artifacts/<sha[0:2]>/<sha256> with its hash and size', async () => {
    const src = join(dir, 'src.bin');
    const content = Buffer.alloc(3 * 1024 * 1024, 7); // several stream chunks
    writeFileSync(src, content);
    const stored = await store.putFile(src);
    expect(stored.sha256).toBe(sha(content));
    expect(stored.size).toBe(content.length);
    expect(stored.path).toBe(join(dir, 'artifacts', stored.sha256.slice(0, 2), stored.sha256));
    expect(readFileSync(stored.path).equals(content)).toBe(true);
    expect(store.has(stored.sha256)).toBe(true);
    expect(store.pathOf(stored.sha256)).toBe(stored.path);
    expect(listFiles(join(dir, 'tmp'))).toEqual([]);
  });

  it('dedupes identical content, also when stored concurrently', async () => {
    const files = Array.from({ length: 8 }, (_, i) => {
      const f = join(dir, `f${i}.txt`);
      writeFileSync(f, 'same bytes\n');
      return f;
    });
    const results = await Promise.all(files.map((f) => store.putFile(f)));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(listFiles(join(dir, 'artifacts'))).toHaveLength(1);
    expect(readFileSync(results[0]!.path, 'utf8')).toBe('same bytes\n');
    expect(listFiles(join(dir, 'tmp'))).toEqual([]);
  });

  it('stores JSON canonically: key order does not change the hash', async () => {
    const a = await store.putJson({ b: 1, a: { d: [1, 2], c: 'x' } });
    const b = await store.putJson({ a: { c: 'x', d: [1, 2] }, b: 1 });
    expect(a.sha256).toBe(b.sha256);
    expect(readFileSync(a.path, 'utf8')).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
    expect(a.size).toBe(statSync(a.path).size);
  });

  it('leaves nothing at a final path (nor in tmp) when a write fails', async () => {
    await expect(store.putFile(join(dir, 'missing.csv'))).rejects.toMatchObject({ name: 'OperationalError', code: 'artifact_write_failed' });
    expect(listFiles(join(dir, 'artifacts'))).toEqual([]);
    expect(listFiles(join(dir, 'tmp'))).toEqual([]);
  });

  it('refuses a malformed hash instead of building a path from it', () => {
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/sha256/);
    expect(store.has('nope')).toBe(false);
  });
});

describe('cache key', () => {
  const base = { component: 'x@1', params: { a: 1, b: [1, 2] }, code: undefined, inputs: { t: 'aa' }, outputs: { o: 'table' }, fingerprint: '' };
  it('is stable across key order and changes with every ingredient', () => {
    const k = cacheKey(base);
    expect(cacheKey({ ...base, params: { b: [1, 2], a: 1 } })).toBe(k);
    const variants = [
      { ...base, component: 'x@2' },
      { ...base, params: { a: 2, b: [1, 2] } },
      { ...base, code: 'print(1)' },
      { ...base, inputs: { t: 'bb' } },
      { ...base, outputs: { o: 'value' } },
      { ...base, fingerprint: 'python 3.11' },
    ];
    for (const v of variants) expect(cacheKey(v)).not.toBe(k);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
  });
  it('canonical JSON sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ z: 1, a: { y: undefined, b: 2, a: [3, { d: 1, c: 2 }] } })).toBe('{"a":{"a":[3,{"c":2,"d":1}],"b":2},"z":1}');
  });
});
