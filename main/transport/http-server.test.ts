import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { Router } from '../rpc/router';
import { registerService } from '../rpc/service';
import { appContract } from '../../shared/contracts/app.contract';
import { cookieName, tokensEqual } from './auth';
import { startServer, type RunningServer } from './http-server';

const TOKEN = 'a'.repeat(48);
let server: RunningServer | undefined;

async function start(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'nb-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  const router = new Router();
  router.register(
    registerService(appContract, {
      info: async () => ({ name: 'Nodebook' as const, version: '9.9.9', mode: 'browser' as const, platform: 'test', node: process.version, startedAt: 'now' }),
      ping: async () => ({ at: 1 }),
    }),
  );
  server = await startServer({ router, staticDir: dir, token: TOKEN, version: '9.9.9', port: 0 });
  return server;
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode server', () => {
  it('compares tokens exactly', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, TOKEN.slice(1))).toBe(false);
    expect(tokensEqual(TOKEN, 'b'.repeat(48))).toBe(false);
  });

  it('serves the app for the token, sets a port-scoped HttpOnly cookie and a strict CSP', async () => {
    const s = await start();
    const res = await get(s.port, `/?token=${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('id="root"');
    expect(String(res.headers['set-cookie'])).toContain(`${cookieName(s.port)}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    const withCookie = await get(s.port, '/', { Cookie: `${cookieName(s.port)}=${TOKEN}` });
    expect(withCookie.status).toBe(200);
  });

  it('gives 401 and nothing of the app without a valid token', async () => {
    const s = await start();
    for (const path of ['/', '/index.html', `/?token=${'b'.repeat(48)}`, '/healthz']) {
      const res = await get(s.port, path);
      expect(res.status).toBe(401);
      expect(res.body).not.toContain('id="root"');
    }
    const otherPortCookie = await get(s.port, '/', { Cookie: `${cookieName(s.port + 1)}=${TOKEN}` });
    expect(otherPortCookie.status).toBe(401);
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign origins', async () => {
    const s = await start();
    expect((await get(s.port, `/?token=${TOKEN}`, { Host: `evil.example:${s.port}` })).status).toBe(403);
    expect((await get(s.port, `/?token=${TOKEN}`, { Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers validated calls over the WebSocket and reports bad arguments by field', async () => {
    const s = await start();
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api?token=${TOKEN}`);
    const messages: unknown[] = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (d: Buffer) => {
        messages.push(JSON.parse(d.toString()));
        if (messages.length === 1) {
          ws.send(JSON.stringify({ kind: 'call', id: 1, service: 'app', method: 'info', args: {} }));
          ws.send(JSON.stringify({ kind: 'call', id: 2, service: 'app', method: 'info', args: 'nope' }));
          ws.send(JSON.stringify({ kind: 'call', id: 'x' }));
        }
        if (messages.length === 4) resolve();
      });
    });
    ws.close();
    expect(messages[0]).toEqual({ kind: 'hello', version: '9.9.9', mode: 'browser' });
    // Calls are answered as they finish, not in order: match by id.
    const byId = (id: number) => messages.find((m) => typeof m === 'object' && m !== null && 'id' in m && m.id === id);
    expect(byId(1)).toMatchObject({ kind: 'result', outcome: { ok: true, result: { version: '9.9.9' } } });
    expect(byId(2)).toMatchObject({ kind: 'result', outcome: { ok: false, error: { name: 'UserError', code: 'invalid_arguments' } } });
    expect(byId(-1)).toMatchObject({ kind: 'result', outcome: { ok: false, error: { code: 'invalid_message' } } });
  });
});
