import { useEffect } from 'react';
import { sections, useUiStore } from '../stores/ui.store';

/** Ctrl/Cmd+1…6 switch sections. */
export function useShortcuts(): void {
  const go = useUiStore((s) => s.go);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const index = Number(e.key) - 1;
      const target = sections[index];
      if (target) {
        e.preventDefault();
        go(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);
}
