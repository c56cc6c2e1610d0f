import { parseArgs } from 'node:util';
import { listRuns } from '../engine/lineage';
import { errorText, exitQuietlyOnClosedPipe, findWorkspaceDir, formatMs, openForCommand } from './workspace-arg';

export const RUNS_USAGE = `nodebook runs [--workspace DIR] [--pipeline NAME] [--limit N] [--json]
  Lists runs, newest first, with their status and node counts.`;

export async function runsCommand(argv: string[]): Promise<number> {
  exitQuietlyOnClosedPipe();
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        workspace: { type: 'string' },
        pipeline: { type: 'string' },
        limit: { type: 'string', default: '50' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    console.error(`${errorText(err)}\n\n${RUNS_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(RUNS_USAGE);
    return 0;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    console.error(`--limit: expected a positive whole number, got '${values.limit}'`);
    return 2;
  }
  const ws = openForCommand(findWorkspaceDir(values.workspace));
  if (!ws) return 2;
  try {
    const runs = listRuns(ws.db, { pipeline: values.pipeline, limit });
    if (values.json) {
      for (const r of runs) console.log(JSON.stringify(r));
      return 0;
    }
    if (runs.length === 0) {
      console.log(values.pipeline ? `No runs of ${values.pipeline}.` : 'No runs yet. Start one with `nodebook run pipelines/<name>.nodebook.yaml`.');
      return 0;
    }
    for (const r of runs) {
      const counts = Object.entries(r.counts).map(([state, n]) => `${n} ${state}`).join(', ');
      const took = r.durationMs === null ? '' : ` in ${formatMs(r.durationMs)}`;
      console.log(`${r.id}  ${r.status.padEnd(11)} ${r.pipelineName}  ${r.startedAt}${took}  [${r.trigger}]  ${counts}`);
    }
    return 0;
  } finally {
    ws.close();
  }
}
