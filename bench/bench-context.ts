import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ComponentDefinition, InputArtifact, RunContext, RunResult } from '../main/engine/component';
import type { PortType } from '../shared/pipeline/component-info';

/** Runs a component in this process with a real context (no worker), for timing the component's own work. */
export async function runComponent<P extends z.ZodType>(
  def: ComponentDefinition<P>,
  opts: { params: z.input<P>; workspaceDir: string; inputs?: Record<string, InputArtifact>; outputs: Record<string, PortType> },
): Promise<RunResult> {
  const ctx: RunContext<z.output<P>> = {
    nodeId: def.id,
    params: def.params.parse(opts.params),
    code: undefined,
    inputs: opts.inputs ?? {},
    outputs: opts.outputs,
    workspaceDir: opts.workspaceDir,
    tmpDir: mkdtempSync(join(tmpdir(), 'nb-bench-')),
    signal: new AbortController().signal,
    python: 'python3',
    concurrency: 1,
    log: () => undefined,
    progress: () => undefined,
  };
  return def.run(ctx);
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length))) ?? [];
  return rows.map((r, j) => `| ${r.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' | ')} |${j === 0 ? `\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|` : ''}`).join('\n');
}
