import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OperationalError } from '../../shared/errors';
import { APPLICATION_ID, openDatabase } from './database';
import type { Migration } from './migrations/index';
import { migrations } from './migrations/index';

const require = createRequire(import.meta.url);
const tmp = () => join(mkdtempSync(join(tmpdir(), 'nb-db-')), 'nodebook.db');
const m1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' };
const m2: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE b (y TEXT) STRICT;' };

function expectOperational(fn: () => unknown, code: string, text: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).code).toBe(code);
    expect((err as OperationalError).message).toContain(text);
    return;
  }
  throw new Error('expected an OperationalError');
}

describe('openDatabase', () => {
  it('applies the real migrations in WAL mode and records their checksums', () => {
    const file = tmp();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const rows = db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all();
    expect(rows).toHaveLength(migrations.length);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    db.close();
    // Reopening is a no-op, not a second application.
    const again = openDatabase(file);
    expect(again.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
    again.close();
  });

  it('applies only the new migrations of a later release', () => {
    const file = tmp();
    openDatabase(file, [m1]).close();
    const db = openDatabase(file, [m1, m2]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name IN ('a','b') ORDER BY name").pluck().all()).toEqual(['a', 'b']);
    db.close();
  });

  it('refuses an applied migration that was edited', () => {
    const file = tmp();
    openDatabase(file, [m1]).close();
    expectOperational(() => openDatabase(file, [{ ...m1, sql: 'CREATE TABLE a (x INTEGER, z TEXT) STRICT;' }]), 'db_migration_edited', 'Migration 001-one was changed');
  });

  it('refuses a database whose schema is newer than the app', () => {
    const file = tmp();
    openDatabase(file, [m1, m2]).close();
    expectOperational(() => openDatabase(file, [m1]), 'db_schema_newer', 'newer than this Nodebook knows');
  });

  it('refuses a file that is not SQLite, naming it', () => {
    const file = tmp();
    writeFileSync(file, 'definitely not a database, but long enough to have a header');
    expectOperational(() => openDatabase(file), 'db_corrupt', `${file} is not a SQLite database`);
  });

  it("refuses another application's SQLite database and leaves it untouched", () => {
    const file = tmp();
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE customers (id INTEGER)');
    foreign.close();
    expectOperational(() => openDatabase(file), 'db_foreign', 'another application');
    const check = new Database(file);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all()).toEqual(['customers']);
    check.close();
  });
});

describe('openDatabase from two processes at once', () => {
  it('opens a brand-new workspace database from two processes at the same time, every time', async () => {
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    const module = pathToFileURL(join(import.meta.dirname, 'database.ts')).href;
    const openIn = (file: string) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', tsx, '-e', `import(${JSON.stringify(module)}).then((m) => m.openDatabase(${JSON.stringify(file)}).close())`]);
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => resolve({ code, err }));
      });
    for (let i = 0; i < 4; i++) {
      const file = tmp();
      const results = await Promise.all([openIn(file), openIn(file), openIn(file)]);
      expect(results).toEqual([{ code: 0, err: '' }, { code: 0, err: '' }, { code: 0, err: '' }]);
      const db = openDatabase(file);
      expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
      db.close();
    }
  });
});
