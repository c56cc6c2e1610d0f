import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { appHome } from '../app/app-home';

const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * Electron's binary, if the npm package has one downloaded. Requiring the electron package itself
 * starts a blocking download when the binary is missing, which hangs offline; so this reads the
 * package's path.txt and looks for the binary itself, and never downloads.
 */
export function findElectron(packageDir?: string): string | null {
  if (process.env.NODEBOOK_NO_ELECTRON) return null;
  try {
    const pkgDir = packageDir ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const rel = existsSync(join(pkgDir, 'path.txt')) ? readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim() : '';
    if (!rel) return null;
    const bin = override ? join(override, rel) : join(pkgDir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export function findBrowser(): string | null {
  const fromEnv = process.env.NODEBOOK_BROWSER ?? process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return BROWSER_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export function hasDisplay(): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/**
 * Opens the URL as an app window (`--app`) with Nodebook's own profile, so it neither touches
 * the user's browser session nor shows browser chrome.
 */
export function openAppWindow(browser: string, url: string): ChildProcess {
  const profile = join(appHome(), 'browser-profile');
  mkdirSync(profile, { recursive: true });
  const args = [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check', '--disable-background-networking', '--disable-sync'];
  // Chromium refuses to start as root without this; root is common in containers.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return spawn(browser, args, { stdio: 'ignore' });
}
