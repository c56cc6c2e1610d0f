import { EmptyState } from '../components/empty-state';
import { SectionHeader } from './section-header';

export function ModelsSection() {
  return (
    <section data-testid="section-models">
      <SectionHeader title="Models" subtitle="Registered models: versions, metrics, lineage and approval." />
      <EmptyState testId="empty-models" icon="◈" title="No models registered">
        <p>
          Models are ONNX files produced by training steps in a pipeline. Each one keeps the data, code and parameters that produced it, and can be reviewed
          and approved here before it is packaged or served.
        </p>
        <p>First, add a training step to a pipeline and run it.</p>
      </EmptyState>
    </section>
  );
}
