import { EmptyState } from '../components/empty-state';
import { SectionHeader } from './section-header';

export function RunsSection() {
  return (
    <section data-testid="section-runs">
      <SectionHeader title="Runs" subtitle="Every run of every pipeline: status, timings, parameters, metrics and lineage." />
      <EmptyState testId="empty-runs" icon="▶" title="No runs yet">
        <p>Each run records the exact pipeline text, its parameters, the environment and the workspace&apos;s git commit, so any result can be reproduced.</p>
        <p>
          Run a pipeline with <code>npx nodebook run pipelines/&lt;name&gt;.nodebook.yaml</code> and it appears here.
        </p>
      </EmptyState>
    </section>
  );
}
