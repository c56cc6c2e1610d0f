import { EmptyState } from '../components/empty-state';
import { useWorkspaceStore } from '../stores/workspace.store';
import { SectionHeader } from './section-header';

export function DataSection() {
  const ws = useWorkspaceStore((s) => s.current);
  return (
    <section data-testid="section-data">
      <SectionHeader title="Data" subtitle="Datasets of this workspace, with their profiles and plots." />
      <EmptyState testId="empty-data" icon="▦" title={ws && ws.dataFileCount > 0 ? `${ws.dataFileCount} files in data/` : 'No data yet'}>
        <p>
          Put CSV, Parquet or JSON files in <code>{ws ? `${ws.root}/data` : 'data/'}</code>. A pipeline reads them with <code>data.read_csv</code> or{' '}
          <code>data.read_parquet</code>, and <code>data.profile</code> computes column statistics and histograms.
        </p>
        <p>Browsing and plotting datasets here comes with the data explorer.</p>
      </EmptyState>
    </section>
  );
}
