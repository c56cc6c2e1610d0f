import { EmptyState } from '../components/empty-state';
import { SectionHeader } from './section-header';

export function DeploymentsSection() {
  return (
    <section data-testid="section-deployments">
      <SectionHeader title="Deployments" subtitle="Models served locally or packaged as container images." />
      <EmptyState testId="empty-deployments" icon="⇪" title="Nothing deployed">
        <p>
          An approved model can be served on this machine behind a KServe V2 REST endpoint (on the GPU when there is one), or exported as an OCI container
          image in one click. Request logs and drift monitoring appear here.
        </p>
        <p>First, register a model in the Models section.</p>
      </EmptyState>
    </section>
  );
}
