import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type AppProcess } from './app-process';
import { launchBrowser } from './browser';

export interface Session {
  app: AppProcess;
  context: BrowserContext;
  page: Page;
}

/**
 * One app process and one fresh Chromium for a describe block: started before its tests,
 * stopped after. Read the fields inside tests (they are set by then).
 */
export function useAppSession(args: () => string[] = () => [], env: Record<string, string> = {}): Session {
  const session: Partial<Session> = {};
  beforeAll(async () => {
    session.app = await startApp(args(), env);
    Object.assign(session, await launchBrowser());
  });
  afterAll(async () => {
    await session.context?.close();
    await session.app?.stop();
  });
  return new Proxy(session, {
    get(target, key: keyof Session) {
      const value = target[key];
      if (value === undefined) throw new Error(`session.${String(key)} is used before the session started`);
      return value;
    },
  }) as Session;
}
