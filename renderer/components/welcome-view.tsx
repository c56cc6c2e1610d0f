import { useState, type FormEvent } from 'react';
import { useWorkspaceStore } from '../stores/workspace.store';
import { ErrorBox } from './error-box';
import { Logo } from './logo';

/** Shown when no workspace is open: open, create, try the example, or pick a recent one. */
export function WelcomeView() {
  const { recent, defaultLocation, busy, error, open, create, openExample, forget, clearError } = useWorkspaceStore();
  const [openPath, setOpenPath] = useState('');
  const [createPath, setCreatePath] = useState('');
  const [examplePath, setExamplePath] = useState('');
  const base = defaultLocation || '~/nodebook';
  const submit = (fn: () => Promise<boolean>) => (e: FormEvent) => {
    e.preventDefault();
    void fn();
  };
  return (
    <div className="welcome" data-testid="welcome">
      <div className="hero">
        <Logo size={44} />
        <div>
          <h1>Welcome to Nodebook</h1>
          <p className="subtitle" style={{ margin: 0 }}>
            A workspace is a folder you can commit to git: pipelines, data, and Nodebook&apos;s local cache and lineage. Open one to start.
          </p>
        </div>
      </div>
      {error ? <ErrorBox error={error} onDismiss={clearError} /> : null}
      <div className="grid-2">
        <form className="card" onSubmit={submit(() => open(openPath))}>
          <h2>Open a workspace</h2>
          <p className="hint">A folder that has a nodebook.yaml.</p>
          <div className="row">
            <input data-testid="open-path" placeholder="/path/to/project" value={openPath} onChange={(e) => setOpenPath(e.target.value)} aria-label="Workspace folder to open" />
            <button className="primary" data-testid="open-submit" disabled={busy || openPath.trim() === ''}>
              Open
            </button>
          </div>
        </form>
        <form className="card" onSubmit={submit(() => create(createPath))}>
          <h2>Create a workspace</h2>
          <p className="hint">New or existing folder; nothing in it is overwritten.</p>
          <div className="row">
            <input data-testid="create-path" placeholder={`${base}/my-project`} value={createPath} onChange={(e) => setCreatePath(e.target.value)} aria-label="Folder for the new workspace" />
            <button className="primary" data-testid="create-submit" disabled={busy || createPath.trim() === ''}>
              Create
            </button>
          </div>
        </form>
      </div>
      <form className="card" onSubmit={submit(() => openExample(examplePath || `${base}/example`))}>
        <h2>New here? Open the example workspace</h2>
        <p className="hint">Penguins and breast-cancer data with ready pipelines (read, validate, split, profile, SQL, Python). It is copied to a folder of your choice.</p>
        <div className="row">
          <input data-testid="example-path" placeholder={`${base}/example`} value={examplePath} onChange={(e) => setExamplePath(e.target.value)} aria-label="Folder for the example workspace" />
          <button data-testid="example-submit" disabled={busy}>
            Copy and open example
          </button>
        </div>
      </form>
      <div className="card" data-testid="recent">
        <h2>Recent workspaces</h2>
        {recent.length === 0 ? (
          <p className="hint" data-testid="recent-empty">
            None yet. Workspaces you open appear here.
          </p>
        ) : (
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.root}>
                <div className="grow">
                  <div>{r.name}</div>
                  <div className="path">{r.root}</div>
                  {r.exists ? null : <div className="missing">Folder or nodebook.yaml is missing</div>}
                </div>
                <button data-testid="recent-open" disabled={busy || !r.exists} onClick={() => void open(r.root)}>
                  Open
                </button>
                <button className="link" onClick={() => void forget(r.root)} aria-label={`Forget ${r.name}`}>
                  Forget
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
