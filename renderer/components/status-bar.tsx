import { useConnectionStore } from '../stores/connection.store';
import { useWorkspaceStore } from '../stores/workspace.store';

const STATE_LABEL = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…', closed: 'Disconnected' } as const;

export function StatusBar() {
  const { state, backendVersion, transportKind } = useConnectionStore();
  const workspace = useWorkspaceStore((s) => s.current);
  return (
    <footer className="status" data-testid="status-bar">
      <span data-testid="status-connection" data-state={state}>
        <span className={`dot ${state}`} />
        {STATE_LABEL[state]}
      </span>
      <span data-testid="status-workspace">{workspace ? `Workspace: ${workspace.root}` : 'No workspace open'}</span>
      <span className="right" data-testid="status-version">
        Nodebook {backendVersion ?? '…'} · {transportKind === 'ipc' ? 'desktop' : 'browser mode'}
      </span>
    </footer>
  );
}
