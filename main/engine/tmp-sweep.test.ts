import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { createRun, startExecution } from './lineage';
import { sweepTmp } from './tmp-sweep';

const dir = mkdtempSync(join(tmpdir(), 'nb-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweepTmp', () => {
  it('removes scratch of finished or unknown executions and partial copies of dead processes only', () => {
    const db = openDatabase(join(dir, 'nodebook.db'));
    createRun(db, { id: 'r', pipelineName: 'p', pipelinePath: 'p', pipelineText: '', params: {}, trigger: 'cli', environment: {} });
    startExecution(db, { id: 'exe_aa', runId: 'r', nodeId: 'n', component: 'c@1', params: {}, code: undefined, cacheKey: null, state: 'running' });
    const tmp = join(dir, 'tmp');
    for (const d of ['exe_aa-1', 'exe_bb-1']) mkdirSync(join(tmp, d), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(tmp, `artifact-${dead}-0a.part`), 'x');
    writeFileSync(join(tmp, `artifact-${process.pid}-0b.part`), 'x');
    writeFileSync(join(tmp, 'someone-elses.txt'), 'x');
    expect(sweepTmp(db, tmp)).toBe(2);
    expect(readdirSync(tmp).sort()).toEqual([`artifact-${process.pid}-0b.part`, 'exe_aa-1', 'someone-elses.txt']);
    db.close();
  });
});
