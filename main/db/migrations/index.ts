import m001 from './001-workspace';
import m002 from './002-lineage';
import m003 from './003-child-executions';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Numbered, append-only. Each applied migration's sha256 is stored in `schema_migrations`
 * and verified at every open, so an edited, already-applied migration is refused.
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'workspace', sql: m001 },
  { version: 2, name: 'lineage', sql: m002 },
  { version: 3, name: 'child-executions', sql: m003 },
];
