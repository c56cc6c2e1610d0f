import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startApp } from '../support/app-process';
import { shot } from '../support/browser';
import { useAppSession } from '../support/session';

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
  const s = useAppSession();

  it('answers the URL without its token with 401 and no app', async () => {
    const res = await s.page.goto(`${s.app.origin}/`);
    expect(res?.status()).toBe(401);
    expect(await s.page.getByTestId('welcome').count()).toBe(0);
    expect(await s.page.locator('#root').count()).toBe(0);
    const body = await s.page.textContent('body');
    expect(body).toContain('Token required');
    await shot(s.page, 'auth-no-token');
    const wrong = await fetch(`${s.app.origin}/?token=${'0'.repeat(48)}`);
    expect(wrong.status).toBe(401);
    const asset = await fetch(`${s.app.origin}/index.html`);
    expect(asset.status).toBe(401);
  });

  it('refuses the API without the token, from a foreign origin, or for a foreign host', async () => {
    const token = new URL(s.app.url).searchParams.get('token') ?? '';
    const api = `${s.app.origin.replace('http', 'ws')}/api`;
    expect(await wsStatus(api)).toBe('401');
    expect(await wsStatus(`${api}?token=${token}`, { Origin: 'http://evil.example' })).toBe('403');
    expect(await wsStatus(`${api}?token=${token}`, { Host: 'evil.example' })).toBe('403');
    expect(await wsStatus(`${api}?token=${token}`, { Origin: s.app.origin })).toBe('open');
  });

  it('says when the backend is gone and reconnects when it is back', async () => {
    const port = await freePort();
    const token = 'e2e-fixed-token-0123456789abcdef';
    const env = { NODEBOOK_TOKEN: token };
    let server = await startApp(['--port', String(port)], env);
    await s.page.goto(server.url);
    await expect.poll(() => s.page.getByTestId('status-connection').getAttribute('data-state')).toBe('open');
    await server.stop();
    await s.page.getByTestId('connection-banner').waitFor();
    await shot(s.page, 'connection-lost');
    server = await startApp(['--port', String(port)], env);
    await expect.poll(() => s.page.getByTestId('status-connection').getAttribute('data-state'), { timeout: 20_000 }).toBe('open');
    expect(await s.page.getByTestId('connection-banner').count()).toBe(0);
    await server.stop();
  });
});
