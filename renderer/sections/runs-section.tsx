import { useEffect } from 'react';
import { EmptyState } from '../components/empty-state';
import { ErrorBox } from '../components/error-box';
import { LineagePanel } from '../runs/lineage-panel';
import { RunDetailView } from '../runs/run-detail';
import { RunList } from '../runs/run-list';
import { useRunsStore } from '../stores/runs.store';
import { SectionHeader } from './section-header';

export function RunsSection() {
  const { runs, loaded, error, load } = useRunsStore();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section data-testid="section-runs">
      <SectionHeader title="Runs" subtitle="Every run of every pipeline: status, timings, parameters, metrics and lineage." />
      {error ? <ErrorBox error={error} /> : null}
      {loaded && runs.length === 0 ? (
        <EmptyState testId="empty-runs" icon="▶" title="No runs yet">
          <p>Each run records the exact pipeline text, its parameters, the environment and the workspace&apos;s git commit, so any result can be reproduced.</p>
          <p>
            Run a pipeline from the Pipelines section, or with <code>npx nodebook run pipelines/&lt;name&gt;.nodebook.yaml</code>, and it appears here.
          </p>
        </EmptyState>
      ) : (
        <div className="runs-layout">
          <div className="card runs-list-card">
            <RunList />
          </div>
          <div>
            <LineagePanel />
            <RunDetailView />
          </div>
        </div>
      )}
    </section>
  );
}
