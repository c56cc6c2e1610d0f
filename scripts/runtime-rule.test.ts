import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The runtime rule of DESIGN.md is enforced by eslint.config.js; this proves the config bites.
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('runtime rule (lint)', () => {
  it('keeps shared/ pure', async () => {
    expect(await restricted('shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await restricted('shared/x.ts', "import React from 'react';\nexport const a = React;\n")).toHaveLength(1);
    expect(await restricted('shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toHaveLength(0);
  });

  it('keeps renderer/ browser-only', async () => {
    expect(await restricted('renderer/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n")).toHaveLength(1);
    expect(await restricted('renderer/x.ts', "import { spawn } from 'child_process';\nexport const a = spawn;\n")).toHaveLength(1);
  });

  it('allows electron only under main/electron/', async () => {
    expect(await restricted('main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restricted('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(0);
  });
});
