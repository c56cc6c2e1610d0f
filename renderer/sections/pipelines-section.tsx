import { EmptyState } from '../components/empty-state';
import { useWorkspaceStore } from '../stores/workspace.store';
import { SectionHeader } from './section-header';

export function PipelinesSection() {
  const ws = useWorkspaceStore((s) => s.current);
  return (
    <section data-testid="section-pipelines">
      <SectionHeader title="Pipelines" subtitle="Pipelines of this workspace: each is a graph of steps, and the same document as notebook cells." />
      <EmptyState testId="empty-pipelines" icon="⎔" title={ws && ws.pipelineCount > 0 ? `${ws.pipelineCount} pipelines in pipelines/` : 'No pipelines yet'}>
        <p>
          A pipeline is a file <code>pipelines/&lt;name&gt;.nodebook.yaml</code>: steps such as <code>data.read_csv</code>, <code>data.split</code> and Python
          or SQL cells, wired by their inputs and outputs. Every step is cached, and every output can be traced back to what produced it.
        </p>
        <p>
          Write one in YAML (start from the example workspace) and run it with <code>npx nodebook run pipelines/&lt;name&gt;.nodebook.yaml</code>.
        </p>
      </EmptyState>
    </section>
  );
}
