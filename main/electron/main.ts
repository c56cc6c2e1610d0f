import { app, BrowserWindow, ipcMain, net, protocol, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { callMessageSchema, IPC_CALL, IPC_EVENT } from '../../shared/contracts/wire';
import { describeZodIssues } from '../../shared/errors';
import { appVersion, distRoot } from '../app/version';
import { createBackend } from '../services/index';

const SCHEME = 'app';
const ORIGIN = `${SCHEME}://nodebook`;
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Module scripts do not load from file://, so the renderer is served from a privileged scheme.
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererDir = join(distRoot(), 'renderer');

function serveRenderer(): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = resolve(rendererDir, rel === '' ? 'index.html' : rel);
    const target = file.startsWith(rendererDir) && existsSync(file) ? file : join(rendererDir, 'index.html');
    const res = await net.fetch(pathToFileURL(target).href);
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

/** Only our own top-level page may call the backend. */
function senderAllowed(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && new URL(frame.url).origin === ORIGIN;
}

function workspaceArg(): string | undefined {
  const i = process.argv.indexOf('--workspace');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  await app.whenReady();
  serveRenderer();
  const backend = createBackend({
    name: 'Nodebook',
    version: appVersion(),
    mode: 'electron',
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    startedAt: new Date().toISOString(),
  });
  const ws = workspaceArg();
  if (ws) {
    try {
      backend.workspaces.open(ws);
    } catch (err) {
      console.error(`Could not open workspace ${ws}:`, err instanceof Error ? err.message : err);
    }
  }

  ipcMain.handle(IPC_CALL, async (event, raw: unknown) => {
    if (!senderAllowed(event)) return { ok: false, error: { name: 'UserError', code: 'forbidden_sender', message: 'Calls are accepted only from the Nodebook window.' } };
    const msg = callMessageSchema.safeParse(raw);
    if (!msg.success) {
      return { ok: false, error: { name: 'UserError', code: 'invalid_message', message: `Invalid call: ${describeZodIssues(msg.error.issues).join('; ')}` } };
    }
    return backend.router.call(msg.data.service, msg.data.method, msg.data.args, { transport: 'ipc' });
  });

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Nodebook',
    webPreferences: { preload: join(distRoot(), 'main', 'electron', 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  const unsubscribe = backend.router.onEvent((service, event) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, { service, event });
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(ORIGIN)) e.preventDefault();
  });
  await win.loadURL(`${ORIGIN}/index.html`);

  app.on('window-all-closed', () => {
    unsubscribe();
    void backend.dispose().finally(() => app.quit());
  });
}

void main();
