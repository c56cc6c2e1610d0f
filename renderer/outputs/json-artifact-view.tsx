import { useEffect, useMemo } from 'react';
import { useArtifactPreviewStore } from '../stores/artifact-preview.store';
import { formatBytes } from './format-value';
import { FigureList } from './figure-list';
import { classifyJson } from './json-shape';
import { MetricsTable } from './metrics-table';
import { ProfileTable } from './profile-table';
import { ValidationReportView } from './validation-report-view';

/** A non-table artifact: figures, a report, a profile or metrics, judged by the JSON's shape. */
export function JsonArtifactView({ artifactId }: { artifactId: string }) {
  const entry = useArtifactPreviewStore((s) => s.entries[artifactId]);
  const ensure = useArtifactPreviewStore((s) => s.ensure);
  useEffect(() => {
    void ensure(artifactId);
  }, [artifactId, ensure]);
  const meta = entry?.meta;
  const view = useMemo(() => (meta?.kind === 'json' ? classifyJson(meta.value) : null), [meta]);

  if (entry?.error) return <div className="error-box">{entry.error}</div>;
  if (!meta) return <div className="output-loading">Loading…</div>;
  if (meta.kind === 'binary') {
    const format = meta.artifact.properties.format;
    return (
      <p className="muted" data-testid="binary-output">
        {typeof format === 'string' ? `${format.toUpperCase()} ` : ''}
        {meta.artifact.type} · {formatBytes(meta.artifact.size)}. Its content is not previewable here.
      </p>
    );
  }
  if (!view) return null;
  switch (view.kind) {
    case 'figures':
      return <FigureList figures={view.figures} />;
    case 'validation':
      return <ValidationReportView report={view.report} />;
    case 'profile':
      return <ProfileTable rows={view.rows} columns={view.columns} />;
    case 'training':
      return (
        <>
          <FigureList figures={[view.curve]} />
          <MetricsTable rows={view.rows} />
        </>
      );
    case 'flat':
      return <MetricsTable rows={view.rows} />;
  }
}
