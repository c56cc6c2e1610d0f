import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { OperationalError, UserError } from '../../../shared/errors';

export interface CellProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** Kill the process after this long; undefined = no limit. */
  readonly timeoutMs?: number;
  readonly log: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Names the runtime in spawn errors, e.g. "Python interpreter '/usr/bin/python3'". */
  readonly what: string;
}

export interface CellProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly cancelled: boolean;
  readonly timedOut: boolean;
  /** The last stderr lines, for crash reports. */
  readonly stderrTail: readonly string[];
}

const TAIL_LINES = 20;
// A cell printing megabytes without a newline must not grow one unbounded string.
const MAX_LINE = 64 * 1024;

/** Splits a stream into lines and hands each complete line to `emit` as it arrives. */
function lineSplitter(emit: (line: string) => void) {
  let pending = '';
  return {
    push(chunk: string) {
      pending += chunk;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        emit(pending.slice(0, nl).replace(/\r$/, ''));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      if (pending.length > MAX_LINE) {
        emit(pending);
        pending = '';
      }
    },
    flush() {
      if (pending !== '') emit(pending);
      pending = '';
    },
  };
}

/**
 * Runs one cell's process: a fresh child per execution, so no state survives between runs.
 * Streams its output line by line to `log`, and kills it (SIGKILL: a cell may ignore SIGTERM)
 * when the signal aborts or the timeout passes. Resolves with how it ended; rejects only
 * when the process cannot be started.
 */
export function runCellProcess(options: CellProcessOptions): Promise<CellProcessExit> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      resolve({ code: null, signal: null, cancelled: true, timedOut: false, stderrTail: [] });
      return;
    }
    // Its own process group, so a kill also takes whatever the cell started (subprocesses,
    // DataLoader workers) instead of leaving them running and holding our pipes open.
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let cancelled = false;
    let timedOut = false;
    const tail: string[] = [];
    const out = lineSplitter((line) => options.log(line, 'stdout'));
    const err = lineSplitter((line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      options.log(line, 'stderr');
    });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => out.push(chunk));
    child.stderr.on('data', (chunk: string) => err.push(chunk));

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) killGroup();
    };
    const onAbort = () => {
      cancelled = true;
      kill();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            kill();
          }, options.timeoutMs);

    let leftovers: NodeJS.Timeout | undefined;
    const cleanup = () => {
      options.signal.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      if (leftovers) clearTimeout(leftovers);
    };
    // A cell that exits while something it started still holds stdout would keep 'close'
    // from firing; such leftovers are hidden state, so they go.
    child.on('exit', () => {
      leftovers = setTimeout(killGroup, 500);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      const missing = error.code === 'ENOENT' || error.code === 'EACCES';
      reject(
        new OperationalError(
          missing ? 'runtime_not_found' : 'runtime_failed',
          `${options.what} could not be started: ${error.message}`,
          { command: options.command },
        ),
      );
    });
    // 'close' (not 'exit') waits for the pipes to drain, so no output line is lost.
    child.on('close', (code, signal) => {
      cleanup();
      out.flush();
      err.flush();
      resolve({ code, signal, cancelled, timedOut, stderrTail: tail });
    });
  });
}

/** The error for a cell process that was stopped, or that died without writing its result. */
export function processFailure(nodeId: string, exit: CellProcessExit, what: string, timeoutSeconds?: number): Error {
  if (exit.cancelled) return new OperationalError('cancelled', `cell \`${nodeId}\` was cancelled`, { nodeId });
  if (exit.timedOut) {
    return new UserError(
      'cell_timeout',
      `cell \`${nodeId}\` ran longer than its timeout of ${String(timeoutSeconds)} s and was stopped: make it faster or raise \`timeoutSeconds\``,
      { nodeId },
    );
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
  const tail = exit.stderrTail.slice(-5).join('\n');
  return new OperationalError(
    'cell_crashed',
    `cell \`${nodeId}\`: ${what} ${how} without reporting a result${tail ? `:\n${tail}` : ''}`,
    { nodeId, stderr: exit.stderrTail },
  );
}

/** What a cell's bridge reports when the cell itself failed (an exception, a missing or wrong output). */
const cellErrorSchema = z.object({
  kind: z.string(),
  message: z.string(),
  traceback: z.string().optional(),
  line: z.number().nullable().optional(),
  output: z.string().optional(),
  found: z.string().optional(),
});

/**
 * Reads the result file a cell's process wrote: its outputs, or the cell's own error as a
 * UserError. A process that wrote no readable result failed as a process (processFailure).
 */
export async function readCellResult<O extends z.ZodType>(
  resultPath: string,
  outputSchema: O,
  failure: { nodeId: string; exit: CellProcessExit; what: string; timeoutSeconds?: number },
): Promise<Record<string, z.output<O>>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(resultPath, 'utf8'));
  } catch {
    throw processFailure(failure.nodeId, failure.exit, failure.what, failure.timeoutSeconds);
  }
  const result = z
    .discriminatedUnion('ok', [z.object({ ok: z.literal(true), outputs: z.record(z.string(), outputSchema) }), z.object({ ok: z.literal(false), error: cellErrorSchema })])
    .parse(raw);
  if (result.ok) return result.outputs;
  const { kind, message, ...rest } = result.error;
  throw new UserError(kind === 'exception' ? 'cell_exception' : `cell_${kind}`, message, { nodeId: failure.nodeId, ...rest });
}
