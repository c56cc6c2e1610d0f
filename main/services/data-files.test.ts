import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from './data-files';

describe('listFiles', () => {
  it('lists data files relative to the workspace, sorted, skipping dot-entries, with a limit', () => {
    const root = mkdtempSync(join(tmpdir(), 'nb-data-'));
    mkdirSync(join(root, 'data', 'raw'), { recursive: true });
    mkdirSync(join(root, 'data', '.cache'));
    writeFileSync(join(root, 'data', 'penguins.csv'), 'a\n');
    writeFileSync(join(root, 'data', 'raw', 'b.parquet'), '');
    writeFileSync(join(root, 'data', '.cache', 'x'), '');
    writeFileSync(join(root, 'data', '.hidden.csv'), '');
    expect(listFiles(root, join(root, 'data'))).toEqual({ files: ['data/penguins.csv', 'data/raw/b.parquet'], truncated: false });
    expect(listFiles(root, join(root, 'data'), 1)).toEqual({ files: ['data/penguins.csv'], truncated: true });
    expect(listFiles(root, join(root, 'nope'))).toEqual({ files: [], truncated: false });
  });
});
