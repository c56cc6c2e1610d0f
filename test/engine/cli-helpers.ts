import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The CLI from source; NODEBOOK_TEST_CLI may point at another entry (e.g. the built dist/main/cli.js). */
const cli = process.env.NODEBOOK_TEST_CLI ?? join(repo, 'main', 'cli.ts');
const tsx = pathToFileURL(createRequire(join(repo, 'package.json')).resolve('tsx')).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], cwd: string): { child: ChildProcess; done: Promise<CliResult> } {
  const execArgs = cli.endsWith('.ts') ? ['--import', tsx, cli, ...args] : [cli, ...args];
  const child = spawn(process.execPath, execArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

export const cliRun = (args: string[], cwd: string): Promise<CliResult> => startCli(args, cwd).done;

export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l): Record<string, unknown> => JSON.parse(l));
}

/** A fresh workspace holding the real penguins CSV and the given pipeline files. */
export function makeWorkspace(pipelines: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nb-e2e-engine-'));
  mkdirSync(join(dir, 'pipelines'));
  mkdirSync(join(dir, 'data'));
  copyFileSync(join(import.meta.dirname, '..', '..', 'resources', 'examples', 'workspace', 'data', 'penguins.csv'), join(dir, 'data', 'penguins.csv'));
  writeFileSync(join(dir, 'nodebook.yaml'), 'nodebook: 1\nname: e2e\npython: /usr/bin/python3\nconcurrency: 2\n');
  for (const [name, text] of Object.entries(pipelines)) writeFileSync(join(dir, 'pipelines', `${name}.nodebook.yaml`), text);
  return dir;
}
