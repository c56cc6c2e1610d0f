import { create } from 'zustand';

export const sections = ['pipelines', 'data', 'runs', 'models', 'deployments', 'settings'] as const;
export type Section = (typeof sections)[number];

const fromHash = (): Section => {
  const name = location.hash.replace(/^#\/?/, '');
  return sections.find((s) => s === name) ?? 'pipelines';
};

interface UiStore {
  section: Section;
  go(section: Section): void;
}

/** Navigation state; the section lives in the URL hash so a reload or a shared link keeps it. */
export const useUiStore = create<UiStore>((set) => ({
  section: fromHash(),
  go(section) {
    if (location.hash !== `#/${section}`) history.replaceState(null, '', `#/${section}`);
    set({ section });
  },
}));

window.addEventListener('hashchange', () => useUiStore.setState({ section: fromHash() }));
