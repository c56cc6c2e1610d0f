import { useEffect } from 'react';
import { DataSection } from '../sections/data-section';
import { DeploymentsSection } from '../sections/deployments-section';
import { ModelsSection } from '../sections/models-section';
import { PipelinesSection } from '../sections/pipelines-section';
import { RunsSection } from '../sections/runs-section';
import { SettingsSection } from '../sections/settings-section';
import { useSettingsStore } from '../stores/settings.store';
import { useUiStore, type Section } from '../stores/ui.store';
import { useWorkspaceStore } from '../stores/workspace.store';
import { ConnectionBanner } from './connection-banner';
import { NavBar } from './nav-bar';
import { StatusBar } from './status-bar';
import { useShortcuts } from './use-shortcuts';
import { useTheme } from './use-theme';
import { WelcomeView } from './welcome-view';

const SECTION_VIEW: Record<Section, () => React.JSX.Element> = {
  pipelines: PipelinesSection,
  data: DataSection,
  runs: RunsSection,
  models: ModelsSection,
  deployments: DeploymentsSection,
  settings: SettingsSection,
};

export function App() {
  const section = useUiStore((s) => s.section);
  const { current, loaded } = useWorkspaceStore();
  const loadSettings = useSettingsStore((s) => s.load);
  useTheme();
  useShortcuts();

  useEffect(() => {
    document.title = current ? `${current.name} — Nodebook` : 'Nodebook';
    void loadSettings();
  }, [current, loadSettings]);

  const View = SECTION_VIEW[section];
  return (
    <div className="shell">
      <NavBar />
      <main className="main" data-testid="main">
        <ConnectionBanner />
        {!loaded ? null : current || section === 'settings' ? <View /> : <WelcomeView />}
      </main>
      <StatusBar />
    </div>
  );
}
