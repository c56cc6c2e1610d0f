import { execFile } from 'node:child_process';
import { z } from 'zod';
import { OperationalError } from '../../../shared/errors';

/** The workspace default (`python:` in nodebook.yaml when unset). */
export const DEFAULT_PYTHON = 'python3';
/**
 * Debian's interpreter: where apt installs python3-pandas. A pyenv or venv `python3` earlier
 * on PATH often lacks pandas, so the default setting falls back to it.
 */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const packageNames = ['pandas', 'numpy', 'pyarrow', 'matplotlib', 'plotly', 'torch'] as const;

const probeSchema = z.object({
  executable: z.string(),
  version: z.string(),
  packages: z.object({
    pandas: z.string().optional(),
    numpy: z.string().optional(),
    pyarrow: z.string().optional(),
    matplotlib: z.string().optional(),
    plotly: z.string().optional(),
    torch: z.string().optional(),
  }),
});

export type PythonPackages = z.infer<typeof probeSchema>['packages'];

export interface PythonEnv {
  /** What to spawn: the setting as given, or the fallback that was chosen. */
  readonly path: string;
  /** `sys.executable`, for the run's environment record. */
  readonly executable: string;
  /** e.g. `3.11.2` */
  readonly version: string;
  readonly packages: PythonPackages;
}

// find_spec + metadata instead of importing: importing torch or pandas takes seconds, and
// this runs on the main process for every cache key.
const PROBE = `
import sys, json, importlib.util, importlib.metadata as md
out = {"executable": sys.executable, "version": ".".join(map(str, sys.version_info[:3])), "packages": {}}
for name in ${JSON.stringify(packageNames)}:
    try:
        if importlib.util.find_spec(name) is None:
            continue
    except Exception:
        continue
    try:
        out["packages"][name] = md.version(name)
    except Exception:
        out["packages"][name] = "unknown"
print(json.dumps(out))
`;

type ProbeResult = { kind: 'ok'; env: PythonEnv } | { kind: 'missing' } | { kind: 'broken'; reason: string };

/** Runs the interpreter once to learn its version and which data packages it has. */
export function probePython(exe: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(exe, ['-c', PROBE], { timeout: 20_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const code = 'code' in err ? err.code : undefined;
        if (code === 'ENOENT' || code === 'EACCES') resolve({ kind: 'missing' });
        else resolve({ kind: 'broken', reason: (stderr || err.message).trim().split('\n').slice(-3).join('\n') });
        return;
      }
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      let raw: unknown;
      try {
        raw = JSON.parse(lastLine);
      } catch {
        resolve({ kind: 'broken', reason: `unexpected output: ${lastLine.slice(0, 200)}` });
        return;
      }
      const parsed = probeSchema.safeParse(raw);
      if (!parsed.success) {
        resolve({ kind: 'broken', reason: `unexpected output: ${lastLine.slice(0, 200)}` });
        return;
      }
      resolve({ kind: 'ok', env: { path: exe, ...parsed.data } });
    });
  });
}

const missingInterpreter = (setting: string) =>
  new OperationalError(
    'python_not_found',
    `Python interpreter '${setting}' not found: install python3 (Debian: apt-get install python3 python3-pandas) or set \`python:\` in nodebook.yaml`,
    { python: setting },
  );

const missingPandas = (env: PythonEnv, setting: string) =>
  new OperationalError(
    'python_missing_pandas',
    `Python interpreter '${env.path}' (Python ${env.version}) has no pandas: install python3-pandas (Debian: apt-get install python3-pandas; or pip install pandas into it) or set \`python:\` in nodebook.yaml to an interpreter that has it`,
    { python: setting, executable: env.executable, version: env.version },
  );

async function discover(setting: string): Promise<PythonEnv> {
  const candidates = setting === DEFAULT_PYTHON ? [DEFAULT_PYTHON, SYSTEM_PYTHON] : [setting];
  let firstFound: PythonEnv | undefined;
  let broken: string | undefined;
  for (const exe of candidates) {
    const probe = await probePython(exe);
    if (probe.kind === 'ok') {
      if (probe.env.packages.pandas !== undefined) return probe.env;
      firstFound ??= probe.env;
    } else if (probe.kind === 'broken') {
      broken ??= `${exe}: ${probe.reason}`;
    }
  }
  if (firstFound) throw missingPandas(firstFound, setting);
  if (broken !== undefined) {
    throw new OperationalError(
      'python_broken',
      `Python interpreter '${setting}' failed to start (${broken}): fix it or set \`python:\` in nodebook.yaml`,
      { python: setting },
    );
  }
  throw missingInterpreter(setting);
}

const memo = new Map<string, Promise<PythonEnv>>();

/**
 * The interpreter a Python cell runs with, memoized per process and setting. The default
 * `python3` tries PATH first, then Debian's /usr/bin/python3 when the first lacks pandas; an
 * explicit setting is used as-is. Throws OperationalError when no interpreter or no pandas.
 * Failures are not memoized, so installing the missing package takes effect without a restart.
 */
export function resolvePython(setting: string = DEFAULT_PYTHON): Promise<PythonEnv> {
  const key = setting.trim() || DEFAULT_PYTHON;
  const known = memo.get(key);
  if (known) return known;
  const pending = discover(key);
  memo.set(key, pending);
  pending.catch(() => memo.delete(key));
  return pending;
}

/** Cache-key text for Python cells: a changed interpreter or pandas/numpy re-runs the node. */
export async function pythonFingerprint(setting: string): Promise<string> {
  const env = await resolvePython(setting);
  return `python ${env.version}; pandas ${env.packages.pandas ?? '-'}; numpy ${env.packages.numpy ?? '-'}`;
}

/** Forgets memoized interpreters (tests; or after the user changes `python:`). */
export function forgetPythonEnvs(): void {
  memo.clear();
}
