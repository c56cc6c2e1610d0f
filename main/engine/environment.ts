import { execFile } from 'node:child_process';
import { arch, cpus, hostname, platform, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

async function output(cmd: string, args: string[], cwd?: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(cmd, args, { cwd, timeout: 5000, maxBuffer: 1 << 20 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** The workspace's git commit and whether the work tree differs from it; null when not a repo. */
export async function gitState(dir: string): Promise<{ commit: string; dirty: boolean } | null> {
  const commit = await output('git', ['rev-parse', 'HEAD'], dir);
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return null;
  const status = await output('git', ['status', '--porcelain'], dir);
  return { commit, dirty: status === undefined ? true : status.length > 0 };
}

const pythonInfoSchema = z.object({ python: z.string(), pandas: z.string().nullable(), numpy: z.string().nullable() });
export type PythonInfo = z.infer<typeof pythonInfoSchema>;

const PROBE = `
import json, sys
def v(m):
    try:
        return __import__(m).__version__
    except Exception:
        return None
print(json.dumps({"python": sys.version.split()[0], "pandas": v("pandas"), "numpy": v("numpy")}))
`;

const pythonCache = new Map<string, Promise<PythonInfo | null>>();

/** Python and pandas/numpy versions of an interpreter (memoized: it costs a process). */
export function pythonInfo(python: string): Promise<PythonInfo | null> {
  let found = pythonCache.get(python);
  if (!found) {
    found = output(python, ['-c', PROBE]).then((text) => {
      if (!text) return null;
      try {
        const parsed = pythonInfoSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    });
    pythonCache.set(python, found);
  }
  return found;
}

/** What a run records about the machine, so a result can be traced to where it was made. */
export async function captureEnvironment(workspaceDir: string): Promise<Record<string, unknown>> {
  const cpu = cpus();
  return {
    node: process.version,
    os: { platform: platform(), release: release(), arch: arch() },
    host: hostname(),
    cpu: { model: cpu[0]?.model ?? 'unknown', count: cpu.length },
    memoryBytes: totalmem(),
    git: await gitState(workspaceDir),
  };
}
