import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError, toErrorShape } from '../../shared/errors';
import type { RunEvent, RunSummary } from '../../shared/contracts/runs.contract';
import { parseParamOverride } from '../../shared/pipeline/params';
import { createRegistry } from '../components/index';
import { prepareRun } from '../engine/executor';
import type { Workspace } from '../workspace/workspace';
import { errorText, exitQuietlyOnClosedPipe, findWorkspaceDir, formatMs, openForCli } from './workspace-arg';

export const RUN_USAGE = `nodebook run <pipeline.yaml> [--workspace DIR] [--param k=v]... [--node ID]... [--force] [--json]
  Runs a pipeline, reusing cached steps. --node runs that node and what it needs upstream;
  --force ignores the cache. Exit code: 0 succeeded, 1 failed or cancelled, 2 bad usage or
  invalid pipeline. --json prints one event per line, then the run summary.`;

function describe(e: RunEvent, width: number): string | undefined {
  const id = 'nodeId' in e ? e.nodeId.padEnd(width) : '';
  switch (e.type) {
    case 'runStarted':
      return `run ${e.runId}: ${e.pipeline} (${e.pipelinePath}), ${e.nodes.length} node${e.nodes.length === 1 ? '' : 's'}`;
    case 'nodeQueued':
      return undefined;
    case 'nodeStarted':
      return `  ${id}  started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'nodeLog':
      return `  [${e.nodeId}] ${e.line}`;
    case 'nodeProgress':
      return `  ${id}  ${Math.round(e.fraction * 100)}%${e.message ? ` ${e.message}` : ''}`;
    case 'nodeFinished': {
      const outs = Object.entries(e.outputs).map(([port, o]) => `${port}=${o.artifactId}`).join(' ');
      return `  ${id}  ${e.cached ? 'cached' : `done in ${formatMs(e.durationMs)}`}${outs ? `  ${outs}` : ''}`;
    }
    case 'nodeFailed':
      return `  ${id}  FAILED: ${e.error.name} ${e.error.code}: ${e.error.message}`;
    case 'nodeSkipped':
      return `  ${id}  skipped: ${e.reason}`;
    case 'runFinished':
      return `${e.status} in ${formatMs(e.durationMs)}`;
  }
}

export function summaryJson(summary: RunSummary): string {
  const nodes = Object.fromEntries(
    Object.entries(summary.nodes).map(([id, n]) => [id, { state: n.state, outputs: n.outputs, ...(n.error ? { error: n.error } : {}) }]),
  );
  return JSON.stringify({ run: summary.runId, status: summary.status, nodes });
}

export async function runCommand(argv: string[]): Promise<number> {
  exitQuietlyOnClosedPipe();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        workspace: { type: 'string' },
        param: { type: 'string', multiple: true, default: [] },
        node: { type: 'string', multiple: true, default: [] },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    console.error(`${errorText(err)}\n\n${RUN_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  const json = values.json;
  const fail = (err: unknown, code: number): number => {
    console.error(errorText(err));
    if (json) console.log(JSON.stringify({ error: toErrorShape(err) }));
    return code;
  };
  if (positionals.length !== 1 || positionals[0] === undefined) return fail(new UserError('usage', `nodebook run takes one pipeline file.\n\n${RUN_USAGE}`), 2);
  const file = resolve(positionals[0]);

  let ws: Workspace;
  let overrides: Record<string, unknown>;
  try {
    overrides = Object.fromEntries(values.param.map(parseParamOverride));
    ws = openForCli(findWorkspaceDir(values.workspace, file));
  } catch (err) {
    return fail(err, err instanceof UserError ? 2 : 1);
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    if (!json) console.error('cancelling: stopping the running nodes (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let width = 0;
    const prepared = prepareRun({
      workspace: ws,
      registry: createRegistry(),
      pipelinePath: file,
      overrides,
      targetNodes: values.node.length > 0 ? values.node : undefined,
      force: values.force,
      trigger: 'cli',
      signal: controller.signal,
      onEvent: (e) => {
        if (json) return console.log(JSON.stringify(e));
        if (e.type === 'runStarted') width = Math.max(0, ...e.nodes.map((n) => n.length));
        const line = describe(e, width);
        if (line !== undefined) (e.type === 'nodeFailed' || (e.type === 'nodeLog' && e.stream === 'stderr') ? console.error : console.log)(line);
      },
    });
    for (const w of prepared.plan.warnings) console.error(w);
    const summary = await prepared.start();
    if (json) console.log(summaryJson(summary));
    return summary.status === 'succeeded' ? 0 : 1;
  } catch (err) {
    // An invalid pipeline: the message lists every diagnostic as file:line:col.
    return fail(err, err instanceof UserError ? 2 : 1);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    ws.close();
  }
}
