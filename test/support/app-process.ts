import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AppProcess {
  readonly url: string;
  readonly origin: string;
  readonly home: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

const root = join(import.meta.dirname, '..', '..');

/** Starts the built app exactly as a user would (`nodebook start --no-open`) and waits for its URL. */
export async function startApp(args: string[] = [], env: Record<string, string> = {}): Promise<AppProcess> {
  const home = mkdtempSync(join(tmpdir(), 'nb-home-'));
  const child = spawn(process.execPath, [join(root, 'dist', 'main', 'cli.js'), 'start', '--no-open', '--port', '0', ...args], {
    env: { ...process.env, NODEBOOK_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not print its URL in 20 s:\n${out}`)), 20_000);
    const check = () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`app exited with ${code}:\n${out}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    home,
    child,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}
