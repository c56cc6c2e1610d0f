import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { forgetPythonEnvs, probePython, pythonFingerprint, resolvePython, SYSTEM_PYTHON } from './python-env';

const system = await probePython(SYSTEM_PYTHON);
const systemHasPandas = system.kind === 'ok' && system.env.packages.pandas !== undefined;
if (!systemHasPandas) console.warn(`skipping interpreter discovery tests: ${SYSTEM_PYTHON} has no pandas (apt-get install python3-pandas)`);

const dir = await mkdtemp(join(tmpdir(), 'nodebook-pyenv-'));
// A real interpreter that cannot see the system site-packages, i.e. one without pandas.
const bare = join(dir, 'bin', 'python3');
await mkdir(join(dir, 'bin'));
await writeFile(bare, `#!/bin/sh\nexec ${SYSTEM_PYTHON} -S "$@"\n`);
await chmod(bare, 0o755);

afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => forgetPythonEnvs());

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('resolvePython', () => {
  it('says how to install python3 when the interpreter does not exist', async () => {
    const err = await caught(resolvePython('/no/such/python3'));
    expect(err.name).toBe('OperationalError');
    expect(err.message).toBe(
      "Python interpreter '/no/such/python3' not found: install python3 (Debian: apt-get install python3 python3-pandas) or set `python:` in nodebook.yaml",
    );
  });

  it.skipIf(!systemHasPandas)('uses an explicit interpreter as-is and reports its packages', async () => {
    const env = await resolvePython(SYSTEM_PYTHON);
    expect(env.path).toBe(SYSTEM_PYTHON);
    expect(env.version).toMatch(/^3\.\d+\.\d+$/);
    expect(env.packages.pandas).toMatch(/^\d+\./);
    expect(env.packages.numpy).toMatch(/^\d+\./);
    // memoized: the same promise result without a second probe
    expect(await resolvePython(SYSTEM_PYTHON)).toBe(env);
  });

  it.skipIf(!systemHasPandas)('names python3-pandas when an explicit interpreter lacks pandas', async () => {
    const err = await caught(resolvePython(bare));
    expect(err.name).toBe('OperationalError');
    expect(err.code).toBe('python_missing_pandas');
    expect(err.message).toContain(`'${bare}'`);
    expect(err.message).toContain('python3-pandas');
  });

  it.skipIf(!systemHasPandas)('falls back from a PATH python3 without pandas to /usr/bin/python3', async () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = `${join(dir, 'bin')}:${saved ?? ''}`;
    try {
      const probe = await probePython('python3');
      expect(probe.kind === 'ok' && probe.env.packages.pandas).toBe(undefined);
      const env = await resolvePython('python3');
      expect(env.path).toBe(SYSTEM_PYTHON);
      expect(env.packages.pandas).toBeDefined();
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it.skipIf(!systemHasPandas)('fingerprints the python, pandas and numpy versions', async () => {
    const fp = await pythonFingerprint(SYSTEM_PYTHON);
    expect(fp).toMatch(/^python 3\.\d+\.\d+; pandas \d[\w.]*; numpy \d[\w.]*$/);
  });
});
