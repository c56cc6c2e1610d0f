import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { OperationalError } from '../../shared/errors';
import { migrations as defaultMigrations, type Migration } from './migrations/index';

export type Db = Database.Database;

/** PRAGMA application_id of a Nodebook database ("NBK1"), so a foreign SQLite file is recognised. */
export const APPLICATION_ID = 0x4e424b31;
const SQLITE_HEADER = 'SQLite format 3\u0000';

export const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex');

function assertSqliteFile(file: string): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  const buf = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.toString('latin1') !== SQLITE_HEADER) {
    throw new OperationalError(
      'db_corrupt',
      `${file} is not a SQLite database (corrupt or overwritten). Move it aside to start a fresh one; the workspace's pipelines and data are not affected.`,
      { file },
    );
  }
}

const BUSY_RETRY_MS = 10_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

function isBusy(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** Runs `fn`, retrying for a while when another process holds the lock it needs. */
function whileBusy<T>(fn: () => T): T {
  const deadline = Date.now() + BUSY_RETRY_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      Atomics.wait(pause, 0, 0, wait); // opening is synchronous by design; this is a short back-off
    }
  }
}

/**
 * The one module that owns SQLite (DESIGN.md convention 6). Opens in WAL mode with a busy
 * timeout (several CLI runs may share a workspace), checks the file is ours, and applies the
 * numbered migrations in one transaction after verifying the checksums of applied ones.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = defaultMigrations): Db {
  assertSqliteFile(file);
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new OperationalError('db_open_failed', `Cannot open ${file}: ${(err as Error).message}`, { file });
  }
  try {
    db.pragma('busy_timeout = 10000');
    // Switching a new file to WAL takes an exclusive lock without honouring busy_timeout, so two
    // processes opening a fresh workspace at once would see "database is locked": retry it.
    whileBusy(() => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    whileBusy(() => migrate(db, file, migrations));
    return db;
  } catch (err) {
    db.close();
    if (err instanceof OperationalError) throw err;
    const message = (err as Error).message;
    if (/not a database|malformed|file is encrypted/i.test(message)) {
      throw new OperationalError('db_corrupt', `${file} is corrupt: ${message}. Move it aside to start a fresh one.`, { file });
    }
    throw new OperationalError('db_open_failed', `Cannot open ${file}: ${message}`, { file });
  }
}

function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  const appId = Number(db.pragma('application_id', { simple: true }));
  const tableCount = Number(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get());
  if (appId !== APPLICATION_ID && (appId !== 0 || tableCount > 0)) {
    throw new OperationalError(
      'db_foreign',
      `${file} is a SQLite database of another application (application_id ${appId}). Nodebook will not change it; move it aside.`,
      { file, applicationId: appId },
    );
  }
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    const applied = db
      .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
      .all() as { version: number; name: string; checksum: string }[];
    const known = new Map(migrations.map((m) => [m.version, m]));
    const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    for (const row of applied) {
      const m = known.get(row.version);
      if (!m) {
        throw new OperationalError(
          'db_schema_newer',
          `${file} has schema version ${row.version} (${row.name}), newer than this Nodebook knows (${newest}). Update Nodebook to open this workspace.`,
          { file, version: row.version, known: newest },
        );
      }
      if (checksum(m.sql) !== row.checksum) {
        throw new OperationalError(
          'db_migration_edited',
          `Migration ${String(m.version).padStart(3, '0')}-${m.name} was changed after it was applied to ${file} (checksum mismatch). Restore the original migration and add a new one instead.`,
          { file, version: m.version },
        );
      }
    }
    const done = new Set(applied.map((r) => r.version));
    const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      insert.run(m.version, m.name, checksum(m.sql), new Date().toISOString());
    }
    db.pragma(`user_version = ${newest}`);
  });
  run.immediate();
}
