import { createServer } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startApp, type AppProcess } from '../support/app-process';
import { launchBrowser, shot } from '../support/browser';

const wsStatus = (url: string, headers: Record<string, string> = {}): Promise<string> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('error', (e) => resolve(`error: ${e.message}`));
  });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

describe('browser mode is private to whoever has the token', () => {
  let app: AppProcess;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    ({ context, page } = await launchBrowser());
  });
  afterAll(async () => {
    await context?.close();
    await app?.stop();
  });

  it('answers the URL without its token with 401 and no app', async () => {
    const res = await page.goto(`${app.origin}/`);
    expect(res?.status()).toBe(401);
    expect(await page.getByTestId('welcome').count()).toBe(0);
    expect(await page.locator('#root').count()).toBe(0);
    const body = await page.textContent('body');
    expect(body).toContain('Token required');
    await shot(page, 'auth-no-token');
    const wrong = await fetch(`${app.origin}/?token=${'0'.repeat(48)}`);
    expect(wrong.status).toBe(401);
    const asset = await fetch(`${app.origin}/index.html`);
    expect(asset.status).toBe(401);
  });

  it('refuses the API without the token, from a foreign origin, or for a foreign host', async () => {
    const token = new URL(app.url).searchParams.get('token') ?? '';
    const api = `${app.origin.replace('http', 'ws')}/api`;
    expect(await wsStatus(api)).toBe('401');
    expect(await wsStatus(`${api}?token=${token}`, { Origin: 'http://evil.example' })).toBe('403');
    expect(await wsStatus(`${api}?token=${token}`, { Host: 'evil.example' })).toBe('403');
    expect(await wsStatus(`${api}?token=${token}`, { Origin: app.origin })).toBe('open');
  });

  it('says when the backend is gone and reconnects when it is back', async () => {
    const port = await freePort();
    const token = 'e2e-fixed-token-0123456789abcdef';
    const env = { NODEBOOK_TOKEN: token };
    let server = await startApp(['--port', String(port)], env);
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('status-connection').getAttribute('data-state')).toBe('open');
    await server.stop();
    await page.getByTestId('connection-banner').waitFor();
    await shot(page, 'connection-lost');
    server = await startApp(['--port', String(port)], env);
    await expect.poll(() => page.getByTestId('status-connection').getAttribute('data-state'), { timeout: 20_000 }).toBe('open');
    expect(await page.getByTestId('connection-banner').count()).toBe(0);
    await server.stop();
  });
});
