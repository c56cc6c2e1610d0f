import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectron } from './open-ui';

/** An electron package folder as npm leaves it: path.txt names the binary under dist/ once downloaded. */
function electronPackage(opts: { pathTxt: boolean; binary: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'nb-electron-'));
  if (opts.pathTxt) writeFileSync(join(dir, 'path.txt'), 'electron');
  if (opts.binary) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
  }
  return dir;
}

describe('finding Electron without ever downloading it', () => {
  it('finds a downloaded binary', () => {
    const dir = electronPackage({ pathTxt: true, binary: true });
    expect(findElectron(dir)).toBe(join(dir, 'dist', 'electron'));
  });

  it('answers null when the binary was never downloaded (where Electron would start a download)', () => {
    expect(findElectron(electronPackage({ pathTxt: true, binary: false }))).toBeNull();
    expect(findElectron(electronPackage({ pathTxt: false, binary: false }))).toBeNull();
  });

  it('can be turned off', () => {
    process.env.NODEBOOK_NO_ELECTRON = '1';
    try {
      expect(findElectron(electronPackage({ pathTxt: true, binary: true }))).toBeNull();
    } finally {
      delete process.env.NODEBOOK_NO_ELECTRON;
    }
  });
});
