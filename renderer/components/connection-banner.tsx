import { useConnectionStore } from '../stores/connection.store';

/** Says plainly when the backend is gone and that the UI is retrying. */
export function ConnectionBanner() {
  const { state, retryInMs } = useConnectionStore();
  if (state === 'open' || state === 'connecting') return null;
  return (
    <div className="banner error" role="status" data-testid="connection-banner">
      Lost the connection to the Nodebook backend. Reconnecting{retryInMs ? ` in ${Math.ceil(retryInMs / 1000)} s` : ''}… Your saved work is safe; if this
      persists, check that <code>npm start</code> is still running.
    </div>
  );
}
