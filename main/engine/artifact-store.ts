import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { OperationalError } from '../../shared/errors';
import { canonicalJson } from './canonical-json';

export interface StoredArtifact {
  readonly sha256: string;
  readonly size: number;
  /** Where the content lives (for the fs store: an absolute file path). */
  readonly path: string;
}

/**
 * Content-addressed, immutable blob storage. The engine only talks to this seam, so a remote
 * store (S3, a cluster's shared disk) can replace the local one later.
 */
export interface ArtifactStore {
  putFile(path: string): Promise<StoredArtifact>;
  putJson(value: unknown): Promise<StoredArtifact>;
  pathOf(sha256: string): string;
  has(sha256: string): boolean;
}

const SHA = /^[0-9a-f]{64}$/;

/**
 * `.nodebook/artifacts/<sha[0:2]>/<sha256>`. Content is written to a temp file in the
 * workspace's tmp folder (same filesystem) and renamed into place, so a reader or a crash
 * never sees a partial artifact at its final path.
 */
export class FsArtifactStore implements ArtifactStore {
  constructor(private readonly paths: { readonly artifacts: string; readonly tmp: string }) {}

  pathOf(sha256: string): string {
    if (!SHA.test(sha256)) throw new OperationalError('bad_artifact_hash', `Not a sha256 artifact hash: ${sha256}`);
    return join(this.paths.artifacts, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return SHA.test(sha256) && existsSync(this.pathOf(sha256));
  }

  async putFile(path: string): Promise<StoredArtifact> {
    mkdirSync(this.paths.tmp, { recursive: true });
    const tmp = this.tempPath();
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      // One pass: hash while copying, so a big Parquet file is read once.
      await pipeline(createReadStream(path), tap, createWriteStream(tmp, { flags: 'wx' }));
      return this.commit(tmp, hash.digest('hex'), size);
    } catch (err) {
      rmSync(tmp, { force: true });
      if (err instanceof OperationalError) throw err;
      throw new OperationalError('artifact_write_failed', `Cannot store ${path} as an artifact: ${(err as Error).message}`, { path });
    }
  }

  async putJson(value: unknown): Promise<StoredArtifact> {
    const bytes = Buffer.from(canonicalJson(value), 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (this.has(sha256)) return { sha256, size: bytes.length, path: this.pathOf(sha256) };
    mkdirSync(this.paths.tmp, { recursive: true });
    const tmp = this.tempPath();
    try {
      writeFileSync(tmp, bytes, { flag: 'wx' });
      return this.commit(tmp, sha256, bytes.length);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new OperationalError('artifact_write_failed', `Cannot store a JSON artifact: ${(err as Error).message}`);
    }
  }

  private tempPath(): string {
    return join(this.paths.tmp, `artifact-${process.pid}-${randomBytes(8).toString('hex')}.part`);
  }

  private commit(tmp: string, sha256: string, size: number): StoredArtifact {
    const final = this.pathOf(sha256);
    if (existsSync(final) && statSync(final).size === size) {
      rmSync(tmp, { force: true }); // dedupe: identical content is already stored
    } else {
      mkdirSync(join(this.paths.artifacts, sha256.slice(0, 2)), { recursive: true });
      renameSync(tmp, final);
    }
    return { sha256, size, path: final };
  }
}
