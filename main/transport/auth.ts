import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A random per-launch token, as Jupyter's: whoever has the URL has the app, nobody else. */
export const newToken = (): string => randomBytes(24).toString('hex');

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Cookies are not scoped by port, so the cookie name carries the port. */
export const cookieName = (port: number): string => `nodebook_token_${port}`;

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export interface AuthCheck {
  ok: boolean;
  /** The token came in the query string, so the response should set the cookie. */
  viaQuery: boolean;
}

export function checkToken(req: IncomingMessage, url: URL, token: string, port: number): AuthCheck {
  const q = url.searchParams.get('token');
  if (q !== null && tokensEqual(q, token)) return { ok: true, viaQuery: true };
  const c = cookieValue(req, cookieName(port));
  return { ok: c !== undefined && tokensEqual(c, token), viaQuery: false };
}

/** Only this server's own loopback origins; refuses DNS-rebinding hosts and foreign pages. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return allowedHosts(port).has(req.headers.host ?? '');
}

export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser page (CLI, curl): the token still applies
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && allowedHosts(port).has(u.host);
  } catch {
    return false;
  }
}
