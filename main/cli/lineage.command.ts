import { parseArgs } from 'node:util';
import type { ArtifactRecord, ExecutionRecord, LineageGraph } from '../../shared/contracts/runs.contract';
import { UserError } from '../../shared/errors';
import { downstreamUses, upstreamLineage } from '../engine/lineage';
import { errorText, exitQuietlyOnClosedPipe, findWorkspaceDir, openForCommand } from './workspace-arg';

export const LINEAGE_USAGE = `nodebook lineage <artifact-id> [--workspace DIR] [--json]
  Shows what produced an artifact (back to its source files) and what used it.
  The id may be an artifact id, a unique prefix of one, or a sha256 prefix.`;

const artifactLine = (a: ArtifactRecord | undefined, id: string) => (a ? `${a.id} (${a.type}, ${a.size} B, sha256 ${a.sha256.slice(0, 12)})` : id);
const executionLine = (x: ExecutionRecord) => `${x.nodeId} [${x.component}] ${x.state} in run ${x.runId}`;

/** Renders the graph as an indented tree; a node met twice is shown once and then referenced. */
export function renderTree(graph: LineageGraph, direction: 'up' | 'down'): string[] {
  const artifacts = new Map(graph.artifacts.map((a) => [a.id, a]));
  const lines: string[] = [];
  const seen = new Set<string>();
  const producers = (artifactId: string) =>
    graph.executions.filter((x) => (direction === 'up' ? Object.values(x.outputs) : Object.values(x.inputs)).includes(artifactId));
  const visit = (artifactId: string, depth: number, port: string) => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}${port}${artifactLine(artifacts.get(artifactId), artifactId)}`);
    if (seen.has(artifactId)) {
      if (producers(artifactId).length > 0) lines.push(`${pad}  (shown above)`);
      return;
    }
    seen.add(artifactId);
    for (const x of producers(artifactId)) {
      lines.push(`${pad}  ${direction === 'up' ? '<- ' : '-> '}${executionLine(x)}`);
      for (const [p, next] of Object.entries(direction === 'up' ? x.inputs : x.outputs)) visit(next, depth + 2, `${p}: `);
    }
  };
  visit(graph.root, 0, '');
  return lines;
}

export async function lineageCommand(argv: string[]): Promise<number> {
  exitQuietlyOnClosedPipe();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { workspace: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
  } catch (err) {
    console.error(`${errorText(err)}\n\n${LINEAGE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(LINEAGE_USAGE);
    return 0;
  }
  const ref = positionals[0];
  if (positionals.length !== 1 || ref === undefined) {
    console.error(`nodebook lineage takes one artifact id.\n\n${LINEAGE_USAGE}`);
    return 2;
  }
  const ws = openForCommand(findWorkspaceDir(values.workspace));
  if (!ws) return 2;
  try {
    const upstream = upstreamLineage(ws.db, ref);
    const downstream = downstreamUses(ws.db, ref);
    if (values.json) {
      console.log(JSON.stringify({ upstream, downstream }));
      return 0;
    }
    console.log('Upstream (what produced it):');
    for (const line of renderTree(upstream, 'up')) console.log(`  ${line}`);
    console.log('Downstream (what used it):');
    if (downstream.executions.length === 0) console.log('  (not used yet)');
    else for (const line of renderTree(downstream, 'down')) console.log(`  ${line}`);
    return 0;
  } catch (err) {
    console.error(errorText(err));
    return err instanceof UserError ? 2 : 1;
  } finally {
    ws.close();
  }
}
