import { useConnection, useStore } from '@xyflow/react';
import { connectionError } from './connection-rules';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { toCatalog } from './ports';

/**
 * Why a connection is refused: live while the pointer is over a port that will not take it,
 * then the last refusal until the next action. Users learn the rule instead of guessing.
 */
export function ConnectionMessage({ refusal, onDismiss }: { refusal: string | null; onDismiss: () => void }) {
  const connection = useConnection();
  const doc = usePipelineEditorStore((s) => s.doc);
  const catalog = usePipelineEditorStore((s) => s.catalog);
  const domReady = useStore((s) => s.domNode !== null);
  let live: string | null = null;
  if (domReady && connection.inProgress && connection.toHandle?.id && connection.fromHandle.id && connection.isValid === false && doc) {
    const source = connection.fromHandle.type === 'source' ? connection.fromHandle : connection.toHandle;
    const target = connection.fromHandle.type === 'source' ? connection.toHandle : connection.fromHandle;
    if (source.id && target.id) live = connectionError(doc, toCatalog(catalog), { node: source.nodeId, port: source.id }, { node: target.nodeId, port: target.id });
  }
  const message = live ?? refusal;
  if (!message) return null;
  return (
    <div className="connection-error" role="alert" data-testid="connection-error">
      <span>Can’t connect: {message}</span>
      {!live ? (
        <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
          ✕
        </button>
      ) : null}
    </div>
  );
}
