import { useWorkspaceStore } from './workspace.store';

/**
 * The open pipeline tabs survive a reload (localStorage), per workspace: the same pipeline path
 * names another file in another workspace.
 */
const tabsKey = () => `nodebook.pipelineTabs:${useWorkspaceStore.getState().current?.root ?? ''}`;

export function saveTabs(tabs: readonly string[], active: string | null): void {
  try {
    localStorage.setItem(tabsKey(), JSON.stringify({ tabs, active }));
  } catch {
    // storage may be unavailable (private mode, Node in tests); tabs are a convenience
  }
}

/** The tabs open before a reload, so a reload comes back to the same pipeline. */
export function rememberedTabs(): { tabs: string[]; active: string | null } {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(tabsKey()) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return { tabs: [], active: null };
    const tabs = 'tabs' in raw && Array.isArray(raw.tabs) ? raw.tabs.filter((t): t is string => typeof t === 'string') : [];
    const active = 'active' in raw && typeof raw.active === 'string' ? raw.active : null;
    return { tabs, active };
  } catch {
    return { tabs: [], active: null };
  }
}
