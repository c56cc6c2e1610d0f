import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function chromiumPath(): string {
  const found = [process.env.NODEBOOK_CHROMIUM, ...CANDIDATES].find((p): p is string => p !== undefined && existsSync(p));
  if (!found) throw new Error('Chromium not found: install it with `sudo apt-get install chromium` (or set NODEBOOK_CHROMIUM).');
  return found;
}

export const screenshotDir = join(import.meta.dirname, '..', 'e2e', 'screenshots');

/** Real Debian Chromium with a fresh profile, as DESIGN.md prescribes; no downloaded browser. */
export async function launchBrowser(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(join(tmpdir(), 'nb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1360, height: 860 },
    colorScheme: opts.colorScheme ?? 'light',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
