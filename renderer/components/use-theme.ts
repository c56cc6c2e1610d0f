import { useEffect } from 'react';
import { useSettingsStore } from '../stores/settings.store';

/** Applies the theme preference; "system" follows the OS and its later changes. */
export function useTheme(): void {
  const theme = useSettingsStore((s) => s.settings?.app.theme ?? 'system');
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
