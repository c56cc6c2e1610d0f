import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { Router } from '../rpc/router';
import { checkToken, cookieName, hostAllowed, originAllowed } from './auth';
import { serveConnection } from './ws-connection';

export interface ServerOptions {
  readonly router: Router;
  readonly staticDir: string;
  readonly token: string;
  readonly version: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Try the next ports when `port` is taken (not when it is 0). */
  readonly portAttempts?: number;
}

export interface RunningServer {
  readonly port: number;
  /** The URL to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

export const API_PATH = '/api';

const UNAUTHORIZED_PAGE = `<!doctype html><meta charset="utf-8"><title>Nodebook: token required</title>
<body style="font-family:system-ui;margin:3rem;max-width:40rem">
<h1>Token required</h1>
<p>This Nodebook server only answers the URL it printed when it started, which carries <code>?token=…</code>.
Copy that URL from the terminal where you ran <code>npm start</code> or <code>nodebook start</code>.</p></body>`;

function securityHeaders(res: ServerResponse, port: number): void {
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * Browser mode: serves the built renderer and the WebSocket API on 127.0.0.1 only. Every
 * request needs the per-launch token (query once, then a cookie), a loopback Host header, and
 * no foreign Origin. Without them: 401/403 and nothing else.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const hasIndex = existsSync(join(opts.staticDir, 'index.html'));
  const assets = sirv(opts.staticDir, { dev: false, etag: true, single: true, dotfiles: false });
  let port = opts.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    securityHeaders(res, port);
    if (!hostAllowed(req, port) || !originAllowed(req, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('403: foreign host or origin');
      return;
    }
    const auth = checkToken(req, url, opts.token, port);
    if (!auth.ok) {
      res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(UNAUTHORIZED_PAGE);
      return;
    }
    if (auth.viaQuery) {
      res.setHeader('Set-Cookie', `${cookieName(port)}=${opts.token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, version: opts.version }));
      return;
    }
    if (!hasIndex) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The UI is not built: run `npm run build`.');
      return;
    }
    res.setHeader('Cache-Control', url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store');
    assets(req, res, () => {
      res.writeHead(404).end('not found');
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== API_PATH) return refuse('404 Not Found');
    if (!hostAllowed(req, port) || !originAllowed(req, port)) return refuse('403 Forbidden');
    if (!checkToken(req, url, opts.token, port).ok) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, opts.router, { kind: 'hello', version: opts.version, mode: 'browser' }));
  });

  const attempts = opts.port === 0 ? 1 : (opts.portAttempts ?? 10);
  for (let i = 0; ; i++) {
    try {
      port = await listen(server, opts.port === 0 ? 0 : opts.port + i);
      break;
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? err.code : undefined;
      if (code !== 'EADDRINUSE' || i + 1 >= attempts) throw err;
    }
  }

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
