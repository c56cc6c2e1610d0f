import { sections, useUiStore, type Section } from '../stores/ui.store';
import { useWorkspaceStore } from '../stores/workspace.store';
import { Logo } from './logo';

export const SECTION_META: Record<Section, { label: string; icon: string }> = {
  pipelines: { label: 'Pipelines', icon: '⎔' },
  data: { label: 'Data', icon: '▦' },
  runs: { label: 'Runs', icon: '▶' },
  models: { label: 'Models', icon: '◈' },
  deployments: { label: 'Deployments', icon: '⇪' },
  settings: { label: 'Settings', icon: '⚙' },
};

const isMac = navigator.platform.toLowerCase().includes('mac');
export const MOD_KEY = isMac ? '⌘' : 'Ctrl';

export function NavBar() {
  const section = useUiStore((s) => s.section);
  const go = useUiStore((s) => s.go);
  const workspace = useWorkspaceStore((s) => s.current);
  const closeWorkspace = useWorkspaceStore((s) => s.close);
  return (
    <nav className="nav" aria-label="Sections">
      <div className="brand">
        <Logo /> Nodebook
      </div>
      {sections.map((s, i) => (
        <button
          key={s}
          data-testid={`nav-${s}`}
          aria-current={section === s ? 'page' : undefined}
          onClick={() => go(s)}
          title={`${SECTION_META[s].label} (${MOD_KEY}+${i + 1})`}
        >
          <span aria-hidden="true">{SECTION_META[s].icon}</span>
          {SECTION_META[s].label}
          <span className="shortcut">
            {MOD_KEY}
            {i + 1}
          </span>
        </button>
      ))}
      <div className="spacer" />
      {workspace ? (
        <div className="ws" data-testid="nav-workspace">
          <div>
            <strong>{workspace.name}</strong>
          </div>
          <div title={workspace.root}>{workspace.root}</div>
          <button className="link" data-testid="close-workspace" onClick={() => void closeWorkspace()} style={{ padding: '4px 0', color: 'inherit', textDecoration: 'underline' }}>
            Switch workspace…
          </button>
        </div>
      ) : null}
    </nav>
  );
}
