import { useSyncExternalStore } from 'react';

const read = (): string => document.documentElement.dataset.theme ?? 'light';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The theme use-theme.ts applied ('light' | 'dark'), for widgets that draw their own colours (Monaco, Plotly). */
export function useAppTheme(): string {
  return useSyncExternalStore(subscribe, read);
}
