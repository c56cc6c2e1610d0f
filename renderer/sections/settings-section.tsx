import { useEffect, useState, type FormEvent } from 'react';
import { ErrorBox } from '../components/error-box';
import { useConnectionStore } from '../stores/connection.store';
import { useSettingsStore } from '../stores/settings.store';
import { useWorkspaceStore } from '../stores/workspace.store';
import { SectionHeader } from './section-header';

interface Draft {
  python: string;
  concurrency: string;
  nodeTimeoutSeconds: string;
  retries: string;
}

export function SettingsSection() {
  const { settings, saving, error, savedAt, setTheme, saveWorkspace } = useSettingsStore();
  const ws = useWorkspaceStore((s) => s.current);
  const version = useConnectionStore((s) => s.backendVersion);
  const [draft, setDraft] = useState<Draft | null>(null);
  const wsSettings = settings?.workspace ?? null;

  useEffect(() => {
    if (wsSettings) {
      setDraft({
        python: wsSettings.python,
        concurrency: String(wsSettings.concurrency),
        nodeTimeoutSeconds: String(wsSettings.nodeTimeoutSeconds),
        retries: String(wsSettings.retries),
      });
    }
  }, [wsSettings]);

  const onSave = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    void saveWorkspace({
      python: draft.python,
      concurrency: Number(draft.concurrency),
      nodeTimeoutSeconds: Number(draft.nodeTimeoutSeconds),
      retries: Number(draft.retries),
    });
  };
  const field = (key: keyof Draft, label: string, help: string, type: 'text' | 'number' = 'number') => (
    <label className="field">
      <span>{label}</span>
      <input data-testid={`setting-${key}`} type={type} value={draft?.[key] ?? ''} onChange={(e) => setDraft((d) => (d ? { ...d, [key]: e.target.value } : d))} />
      <span className="help">{help}</span>
    </label>
  );

  return (
    <section data-testid="section-settings">
      <SectionHeader title="Settings" subtitle="Appearance for you, and the workspace's settings stored in its nodebook.yaml." />
      {error ? <ErrorBox error={error} /> : null}
      <div className="card">
        <h2>Appearance</h2>
        <label className="field">
          <span>Theme</span>
          <select data-testid="setting-theme" value={settings?.app.theme ?? 'system'} onChange={(e) => void setTheme(e.target.value === 'light' ? 'light' : e.target.value === 'dark' ? 'dark' : 'system')}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </div>
      {ws && draft ? (
        <form className="card" onSubmit={onSave} data-testid="workspace-settings">
          <h2>Workspace: {ws.name}</h2>
          <p className="hint">
            Saved to <code>{ws.root}/nodebook.yaml</code>; commit it with your pipelines.
          </p>
          {field('python', 'Python interpreter', 'Runs code.python cells. "python3" finds one with pandas on this machine.', 'text')}
          {field('concurrency', 'Parallel steps', 'How many pipeline steps run at the same time (1–64).')}
          {field('nodeTimeoutSeconds', 'Step timeout (s)', 'A step running longer is stopped; 0 means no limit.')}
          {field('retries', 'Retries', 'Extra attempts for a step that failed because of the environment (0–10).')}
          <div className="row">
            <button className="primary" data-testid="settings-save" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            {savedAt && !error ? <span className="ok-text">Saved</span> : null}
          </div>
        </form>
      ) : (
        <div className="card">
          <h2>Workspace</h2>
          <p className="hint">Open a workspace to edit its settings.</p>
        </div>
      )}
      <div className="card">
        <h2>About</h2>
        <p className="hint" data-testid="about">
          Nodebook {version ?? ''}. Keyboard: <kbd>Ctrl</kbd>+<kbd>1</kbd>…<kbd>6</kbd> switch sections.
        </p>
      </div>
    </section>
  );
}
