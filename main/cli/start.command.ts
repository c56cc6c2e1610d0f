import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { appVersion, distRoot } from '../app/version';
import { findBrowser, findElectron, hasDisplay, openAppWindow } from '../launch/open-ui';
import { createBackend } from '../services/index';
import { newToken } from '../transport/auth';
import { startServer } from '../transport/http-server';

export const START_USAGE = `nodebook start [--no-open] [--port N] [--workspace DIR]
  Serves the UI on 127.0.0.1 with a per-launch token and opens it (Electron, else a
  Chromium/Chrome app window, else prints the URL). --no-open only prints the URL.
  --workspace DIR opens DIR, creating a workspace there if it has none.
  NODEBOOK_TOKEN=… fixes the access token (for a stable URL over an SSH tunnel).`;

export async function startCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'no-open': { type: 'boolean', default: false },
      port: { type: 'string', default: '8788' },
      workspace: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(START_USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: expected a port number 0-65535, got '${values.port}'`);
    return 2;
  }
  const wantsWindow = !values['no-open'] && process.env.CI !== 'true';

  const electron = wantsWindow && hasDisplay() ? findElectron() : null;
  if (electron) return runElectron(electron, values.workspace);

  const version = appVersion();
  const backend = createBackend({
    name: 'Nodebook',
    version,
    mode: 'browser',
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    startedAt: new Date().toISOString(),
  });
  if (values.workspace) {
    const dir = resolve(values.workspace);
    try {
      if (existsSync(join(dir, 'nodebook.yaml'))) backend.workspaces.open(dir);
      else backend.workspaces.create(dir);
      console.log(`Workspace: ${dir}`);
    } catch (err) {
      // Keep serving: the UI shows the welcome screen and the user can pick another folder.
      console.error(`Could not open workspace ${dir}: ${err instanceof AppError ? err.message : String(err)}`);
    }
  }

  const fixedToken = process.env.NODEBOOK_TOKEN;
  if (fixedToken !== undefined && fixedToken.length < 16) {
    console.error('NODEBOOK_TOKEN must be at least 16 characters (it is the only thing guarding the app).');
    return 2;
  }
  const server = await startServer({ router: backend.router, staticDir: join(distRoot(), 'renderer'), token: fixedToken ?? newToken(), version, port });
  console.log(`Nodebook ${version} is running at:\n\n    ${server.url}\n`);

  let browser: ChildProcess | null = null;
  let shuttingDown = false;
  const shutdown = async (code: number): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    browser?.kill('SIGTERM');
    await server.close();
    await backend.dispose();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (wantsWindow) {
    const exe = hasDisplay() ? findBrowser() : null;
    if (!exe) {
      console.log(hasDisplay() ? 'No Electron or Chromium/Chrome found: open the URL above in a browser.' : 'No display: open the URL above in a browser (for example over an SSH tunnel).');
    } else {
      const started = Date.now();
      browser = openAppWindow(exe, server.url);
      browser.on('exit', (code) => {
        browser = null;
        if (Date.now() - started < 3000 && code !== 0) {
          console.log(`The app window could not start (${exe} exited with ${code}); open the URL above in a browser.`);
        } else if (!shuttingDown) {
          console.log('The app window was closed; shutting down.');
          void shutdown(0);
        }
      });
    }
  }
  console.log('Press Ctrl-C to stop.');
  return new Promise<number>(() => undefined);
}

function runElectron(electron: string, workspace: string | undefined): Promise<number> {
  const entry = join(distRoot(), 'main', 'electron', 'main.js');
  const args = [entry, ...(workspace ? ['--workspace', resolve(workspace)] : [])];
  const child = spawn(electron, args, { stdio: 'inherit' });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code ?? 0)));
}
