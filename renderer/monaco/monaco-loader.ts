import type { Monaco } from './monaco-setup';

let loading: Promise<Monaco> | null = null;

/** Monaco in its own chunk, loaded when the first code cell is shown (a notebook without code never pays for it). */
export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco-setup').then((m) => m.monaco);
  return loading;
}

/** Monaco's theme for the app's `data-theme`. */
export const monacoTheme = (theme: string | undefined): string => (theme === 'dark' ? 'vs-dark' : 'vs');
